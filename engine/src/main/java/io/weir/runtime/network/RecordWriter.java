package io.weir.runtime.network;

import io.weir.api.function.KeySelector;
import io.weir.runtime.graph.Partitioning;
import io.weir.runtime.operator.RecordTimestamp;
import io.weir.state.KeyGroups;
import java.util.List;

/**
 * Writes one output edge of a subtask: partitions each record onto a channel (forward, rebalance,
 * broadcast, or by key group) and tracks whether any channel is blocked for lack of credit.
 */
public final class RecordWriter {
  /** Told when the writer becomes writable again (and, optionally, when it stops being writable). */
  public interface WritabilityListener {
    void writable();

    default void unwritable() {
    }
  }

  private final int attempt;
  private final int edge;
  private final int subtask;
  private final Partitioning partitioning;
  private final KeySelector<Object, Object> keySelector;
  private final int maxParallelism;
  private final OutputChannel[] channels;
  private final ChannelTransport transport;
  private final WritabilityListener listener;
  private final RecordTimestamp time;
  private int blockedChannels;
  private int nextChannel;
  private long recordsOut;

  public RecordWriter(int attempt, int edge, int subtask, Partitioning partitioning, KeySelector<Object, Object> keySelector,
                      int maxParallelism, List<String> receiverAddresses, int batchSize, ChannelTransport transport,
                      WritabilityListener listener) {
    this(attempt, edge, subtask, partitioning, keySelector, maxParallelism, receiverAddresses, batchSize, transport, listener,
        new RecordTimestamp());
  }

  /** A writer that sends each record with the event time {@code time} holds when it is emitted. */
  public RecordWriter(int attempt, int edge, int subtask, Partitioning partitioning, KeySelector<Object, Object> keySelector,
                      int maxParallelism, List<String> receiverAddresses, int batchSize, ChannelTransport transport,
                      WritabilityListener listener, RecordTimestamp time) {
    this.time = time;
    this.attempt = attempt;
    this.edge = edge;
    this.subtask = subtask;
    this.partitioning = partitioning;
    this.keySelector = keySelector;
    this.maxParallelism = maxParallelism;
    this.transport = transport;
    this.listener = listener;
    this.channels = new OutputChannel[receiverAddresses.size()];
    for (int i = 0; i < channels.length; i++) {
      channels[i] = new OutputChannel(this, receiverAddresses.get(i), batchSize);
    }
    this.nextChannel = channels.length == 0 ? 0 : subtask % channels.length;
  }

  public void emit(Object record) throws Exception {
    recordsOut++;
    long ts = time.get();
    switch (partitioning) {
      case FORWARD -> channels[0].add(record, ts);
      case REBALANCE -> {
        channels[nextChannel].add(record, ts);
        nextChannel = nextChannel + 1 == channels.length ? 0 : nextChannel + 1;
      }
      case BROADCAST -> {
        for (OutputChannel c : channels) {
          c.add(record, ts);
        }
      }
      case HASH -> {
        if (channels.length == 1) {
          channels[0].add(record, ts); // one receiver owns every key group
        } else {
          int keyGroup = KeyGroups.assign(keySelector.getKey(record), maxParallelism);
          channels[KeyGroups.operatorIndex(keyGroup, maxParallelism, channels.length)].add(record, ts);
        }
      }
    }
  }

  /** Sends what is buffered, as far as credits allow. */
  public void flush() {
    for (OutputChannel c : channels) {
      c.seal();
    }
  }

  public void broadcastBarrier(CheckpointBarrier barrier) {
    for (OutputChannel c : channels) {
      c.sendBarrier(barrier);
    }
  }

  public void broadcastWatermark(long watermark) {
    for (OutputChannel c : channels) {
      c.sendWatermark(watermark);
    }
  }

  /** Tells every receiver that this writer sends nothing for now and must not hold back its watermark. */
  public void broadcastIdle() {
    for (OutputChannel c : channels) {
      c.sendIdle();
    }
  }

  public void broadcastEndOfInput() {
    for (OutputChannel c : channels) {
      c.sendEndOfInput();
    }
  }

  private int channelIndex(int receiverSubtask) {
    return partitioning == Partitioning.FORWARD ? 0 : receiverSubtask;
  }

  /** The receiver {@code receiverSubtask} allows record batches up to number {@code limit} on its channel. */
  public void grant(int receiverSubtask, long limit) {
    int index = channelIndex(receiverSubtask);
    if (index >= 0 && index < channels.length) {
      channels[index].grant(limit);
    }
  }

  /** The data address of each channel, in channel order (for the handshakes). */
  public java.util.List<String> addresses() {
    java.util.List<String> list = new java.util.ArrayList<>();
    for (OutputChannel c : channels) {
      list.add(c.address());
    }
    return list;
  }

  /** Channel {@code index} answered its handshake. */
  public void connected(int index) {
    channels[index].connected();
  }

  public boolean writable() {
    return blockedChannels == 0;
  }

  public long recordsOut() {
    return recordsOut;
  }

  void channelBlocked() {
    if (blockedChannels++ == 0) {
      listener.unwritable();
    }
  }

  void channelUnblocked() {
    blockedChannels--;
    if (blockedChannels == 0) {
      listener.writable();
    }
  }

  int attempt() {
    return attempt;
  }

  int edge() {
    return edge;
  }

  int subtask() {
    return subtask;
  }

  ChannelTransport transport() {
    return transport;
  }

  /** Each channel's credits, waiting batches and buffered records, for diagnostics. */
  public String describe() {
    StringBuilder b = new StringBuilder("edge ").append(edge).append(":");
    for (int i = 0; i < channels.length; i++) {
      OutputChannel c = channels[i];
      b.append(' ').append(i).append(c.isConnected() ? "[credits " : "[not connected, credits ").append(c.credits())
          .append(", waiting ").append(c.waiting())
          .append(", buffered ").append(c.bufferedRecords()).append(']');
    }
    return b.toString();
  }

  /** The number of records buffered or waiting in this writer (for tests of bounded memory). */
  public int channelCount() {
    return channels.length;
  }
}
