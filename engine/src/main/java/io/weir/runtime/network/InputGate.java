package io.weir.runtime.network;

import io.weir.checkpoint.BarrierHandler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The receiving end of all of a subtask's input channels: checks that every message belongs to
 * this attempt and arrives in sequence, queues batches in arrival order, and holds back the
 * batches of channels the barrier handler blocks.
 */
public final class InputGate {
  /** One input channel: the edge, the sending subtask and where to send it credits. */
  public record Channel(int edge, int senderSubtask, String senderControlAddress) {
  }

  private final int attempt;
  private final List<Channel> channels;
  private final Map<Integer, int[]> channelByEdgeAndSender;
  private final long[] nextSequence;
  private final long[] consumed;
  private final boolean[] ended;
  private int endedCount;
  private final ArrayDeque<DataBatch> queue = new ArrayDeque<>();
  private final List<ArrayDeque<DataBatch>> held = new ArrayList<>();

  /** {@code channelIndex} maps an edge id to the channel index of each sender subtask on it. */
  public InputGate(int attempt, List<Channel> channels, Map<Integer, int[]> channelIndex) {
    this.attempt = attempt;
    this.channels = List.copyOf(channels);
    this.channelByEdgeAndSender = channelIndex;
    this.nextSequence = new long[channels.size()];
    this.consumed = new long[channels.size()];
    this.ended = new boolean[channels.size()];
    for (int i = 0; i < channels.size(); i++) {
      held.add(new ArrayDeque<>());
    }
  }

  public int size() {
    return channels.size();
  }

  public Channel channel(int index) {
    return channels.get(index);
  }

  /** The channel a batch came in on. */
  public int channelOf(DataBatch batch) {
    int[] bySender = channelByEdgeAndSender.get(batch.edge());
    if (bySender == null || batch.senderSubtask() < 0 || batch.senderSubtask() >= bySender.length) {
      return -1;
    }
    return bySender[batch.senderSubtask()];
  }

  /**
   * Accepts a batch. Returns an error message (and accepts nothing) when the batch is from
   * another attempt, an unknown channel, or out of sequence; null when queued.
   */
  public String receive(DataBatch batch) {
    if (batch.kind() == DataBatch.Kind.UNDECODABLE) {
      return batch.error();
    }
    if (batch.attempt() != attempt) {
      return "a batch of attempt " + batch.attempt() + " reached attempt " + attempt;
    }
    int ch = channelOf(batch);
    if (ch < 0) {
      return "a batch on edge " + batch.edge() + " from subtask " + batch.senderSubtask() + " matches no input channel";
    }
    if (batch.sequence() != nextSequence[ch]) {
      return "channel " + describe(ch) + " expected message #" + nextSequence[ch] + " but got #" + batch.sequence()
          + " (a message was lost or reordered)";
    }
    if (ended[ch] && batch.kind() == DataBatch.Kind.RECORDS) {
      return "channel " + describe(ch) + " sent records after its end of input";
    }
    nextSequence[ch]++;
    queue.add(batch);
    return null;
  }

  /** The next batch that may be processed, or null; batches of blocked channels are held back. */
  public DataBatch next(BarrierHandler barriers) {
    while (!queue.isEmpty()) {
      DataBatch b = queue.poll();
      int ch = channelOf(b);
      if (barriers != null && barriers.isBlocked(ch)) {
        held.get(ch).add(b);
        continue;
      }
      return b;
    }
    return null;
  }

  /** Puts held-back batches in front of the queue again, each channel's in its order. */
  public void releaseHeld() {
    List<DataBatch> released = new ArrayList<>();
    for (ArrayDeque<DataBatch> h : held) {
      released.addAll(h);
      h.clear();
    }
    for (int i = released.size() - 1; i >= 0; i--) {
      queue.addFirst(released.get(i));
    }
  }

  /** A record batch of {@code channel} was processed. */
  public void consumed(int channel) {
    consumed[channel]++;
  }

  /** The record batches of {@code channel} processed so far. */
  public long consumedBatches(int channel) {
    return consumed[channel];
  }

  public void markEnded(int channel) {
    if (!ended[channel]) {
      ended[channel] = true;
      endedCount++;
    }
  }

  public boolean allEnded() {
    return endedCount == channels.size();
  }

  public boolean hasQueued() {
    return !queue.isEmpty();
  }

  /** Batches received but not yet processed (queued or held). */
  public int buffered() {
    int n = queue.size();
    for (ArrayDeque<DataBatch> h : held) {
      n += h.size();
    }
    return n;
  }

  /** Each channel's next expected sequence number, held batches and end, for diagnostics. */
  public String describe() {
    StringBuilder b = new StringBuilder("queued ").append(queue.size()).append(";");
    for (int i = 0; i < channels.size(); i++) {
      b.append(' ').append(describe(i)).append("[next #").append(nextSequence[i]).append(", held ").append(held.get(i).size())
          .append(ended[i] ? ", ended" : "").append(']');
    }
    return b.toString();
  }

  public String describe(int channel) {
    Channel c = channels.get(channel);
    return "edge " + c.edge() + " from subtask " + c.senderSubtask();
  }
}
