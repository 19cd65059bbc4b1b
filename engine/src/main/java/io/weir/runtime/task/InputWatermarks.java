package io.weir.runtime.task;

import java.util.Arrays;

/**
 * A task's watermark from its input channels: the minimum of the latest watermark of each channel
 * that is not idle. It only ever advances (a lower combined value is not reported), and it starts
 * from the watermark a restored checkpoint held, so it never goes back after a restore. When every
 * channel is idle the task is idle too; a channel is active again with its next record or watermark.
 */
final class InputWatermarks {
  private final long[] latest;
  private final boolean[] idle;
  private int idleChannels;
  private long current;

  InputWatermarks(int channels, long restored) {
    latest = new long[channels];
    Arrays.fill(latest, Long.MIN_VALUE);
    idle = new boolean[channels];
    current = restored;
  }

  long current() {
    return current;
  }

  /** A watermark arrived on {@code channel}; true when the task's watermark advanced (read {@link #current}). */
  boolean onWatermark(int channel, long watermark) {
    active(channel);
    if (watermark > latest[channel]) {
      latest[channel] = watermark;
    }
    return recompute();
  }

  /** Records arrived on {@code channel}: it is active again if it was idle. */
  void onRecords(int channel) {
    if (idleChannels > 0) {
      active(channel);
    }
  }

  /** {@code channel} went idle; true when the task's watermark advanced because it no longer counts. */
  boolean onIdle(int channel) {
    if (!idle[channel]) {
      idle[channel] = true;
      idleChannels++;
    }
    return recompute();
  }

  /** Every channel is idle: the task has nothing to hold its receivers' watermarks back with. */
  boolean allIdle() {
    return idleChannels == latest.length;
  }

  private void active(int channel) {
    if (idle[channel]) {
      idle[channel] = false;
      idleChannels--;
    }
  }

  private boolean recompute() {
    long min = Long.MAX_VALUE;
    boolean any = false;
    for (int i = 0; i < latest.length; i++) {
      if (!idle[i]) {
        any = true;
        min = Math.min(min, latest[i]);
      }
    }
    if (any && min > current) {
      current = min;
      return true;
    }
    return false;
  }
}
