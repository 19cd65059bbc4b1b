package io.weir.runtime.task;

import io.weir.cluster.protocol.CreditGrant;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.runtime.network.InputGate;

/**
 * The receiving side of credit-based flow control for one task: each channel's sender may send the
 * batches consumed so far plus a window (an absolute limit, so a lost or repeated grant does no
 * harm). Channels that have been quiet are granted again, less and less often (up to every 5 s),
 * because a grant lost on the way would otherwise stall its sender for good.
 */
final class InputCredits {
  static final long REFRESH_MS = 250;
  static final long REFRESH_MAX_MS = 5000;

  private final InputGate gate;
  private final TaskAttempt attempt;
  private final int window;
  private final TaskEnvironment env;
  private final long[] lastInputAt;
  private final long[] refreshAfter;
  private long refreshTimer = -1;

  InputCredits(InputGate gate, TaskAttempt attempt, int window, TaskEnvironment env) {
    this.gate = gate;
    this.attempt = attempt;
    this.window = window;
    this.env = env;
    this.lastInputAt = new long[gate.size()];
    this.refreshAfter = new long[gate.size()];
  }

  /** Grants the first window on every channel and starts refreshing quiet ones. */
  void start() {
    long now = env.currentTimeMillis();
    for (int ch = 0; ch < gate.size(); ch++) {
      lastInputAt[ch] = now;
      refreshAfter[ch] = REFRESH_MS;
      grant(ch);
    }
    refreshTimer = env.setPeriodic(REFRESH_MS, this::refresh);
  }

  /** A batch arrived on the channel: it is not quiet. */
  void received(int channel) {
    if (refreshTimer >= 0) {
      lastInputAt[channel] = env.currentTimeMillis();
      refreshAfter[channel] = REFRESH_MS;
    }
  }

  /** Allows the channel's sender the batches consumed so far plus the window. */
  void grant(int channel) {
    InputGate.Channel c = gate.channel(channel);
    long limit = gate.consumedBatches(channel) + window;
    env.sendControl(c.senderControlAddress(), new CreditGrant(attempt.attempt(), c.edge(), attempt.task().subtask(), limit));
  }

  void stop() {
    if (refreshTimer >= 0) {
      env.cancelTimer(refreshTimer);
      refreshTimer = -1;
    }
  }

  private void refresh() {
    long now = env.currentTimeMillis();
    for (int ch = 0; ch < gate.size(); ch++) {
      if (now - lastInputAt[ch] >= refreshAfter[ch]) {
        grant(ch);
        lastInputAt[ch] = now;
        refreshAfter[ch] = Math.min(REFRESH_MAX_MS, refreshAfter[ch] * 2);
      }
    }
  }
}
