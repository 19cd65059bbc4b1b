package io.weir.runtime.network;

import io.weir.runtime.operator.RecordTimestamp;
import java.util.ArrayDeque;

/**
 * The sending end of one channel: buffers records into batches and numbers every message. Nothing
 * is sent before the channel is connected (the receiver answered a handshake, so its address is
 * known on this node), and record batches only within the receiver's credit: the receiver grants an
 * absolute limit (batches consumed + its window), so a repeated or late grant is harmless. A batch
 * that cannot go waits in the channel, which then counts as blocked; events (barriers, watermarks, idleness, end of input)
 * need no credit but keep their place behind waiting batches.
 */
final class OutputChannel {
  private final RecordWriter owner;
  private final String address;
  private final int batchSize;
  private Object[] buffer;
  private long[] timestamps;
  private int count;
  private boolean connected;
  private long limit;
  private long sentBatches;
  private long nextSequence;
  private final ArrayDeque<DataBatch> waiting = new ArrayDeque<>();

  OutputChannel(RecordWriter owner, String address, int batchSize) {
    this.owner = owner;
    this.address = address;
    this.batchSize = batchSize;
    this.buffer = new Object[batchSize];
  }

  String address() {
    return address;
  }

  /** Adds a record with its event time ({@link RecordTimestamp#NONE} when it has none). */
  void add(Object record, long timestamp) {
    if (timestamp != RecordTimestamp.NONE || timestamps != null) {
      if (timestamps == null) {
        timestamps = new long[batchSize];
        java.util.Arrays.fill(timestamps, 0, count, RecordTimestamp.NONE);
      }
      timestamps[count] = timestamp;
    }
    buffer[count++] = record;
    if (count == batchSize) {
      seal();
    }
  }

  /** Turns the buffered records into a batch and sends or queues it. */
  void seal() {
    if (count == 0) {
      return;
    }
    DataBatch batch = DataBatch.records(owner.attempt(), owner.edge(), owner.subtask(), nextSequence++, buffer, timestamps,
        count);
    buffer = new Object[batchSize];
    timestamps = null;
    count = 0;
    enqueue(batch);
  }

  void sendBarrier(CheckpointBarrier barrier) {
    seal();
    enqueue(DataBatch.barrier(owner.attempt(), owner.edge(), owner.subtask(), nextSequence++, barrier));
  }

  void sendWatermark(long watermark) {
    seal();
    enqueue(DataBatch.watermark(owner.attempt(), owner.edge(), owner.subtask(), nextSequence++, watermark));
  }

  void sendIdle() {
    seal();
    enqueue(DataBatch.idle(owner.attempt(), owner.edge(), owner.subtask(), nextSequence++));
  }

  void sendEndOfInput() {
    seal();
    enqueue(DataBatch.endOfInput(owner.attempt(), owner.edge(), owner.subtask(), nextSequence++));
  }

  private boolean maySend(DataBatch batch) {
    return connected && (batch.kind() != DataBatch.Kind.RECORDS || sentBatches < limit);
  }

  private void enqueue(DataBatch batch) {
    boolean wasBlocked = !waiting.isEmpty();
    if (!wasBlocked && maySend(batch)) {
      send(batch);
      return;
    }
    waiting.add(batch);
    if (!wasBlocked) {
      owner.channelBlocked();
    }
  }

  private void send(DataBatch batch) {
    if (batch.kind() == DataBatch.Kind.RECORDS) {
      sentBatches++;
    }
    owner.transport().send(address, batch);
  }

  /** The receiver allows record batches up to number {@code newLimit} (absolute). */
  void grant(long newLimit) {
    if (newLimit > limit) {
      limit = newLimit;
      drain();
    }
  }

  /** The receiver answered the handshake: its address is known here, sending may start. */
  void connected() {
    connected = true;
    drain();
  }

  private void drain() {
    boolean wasBlocked = !waiting.isEmpty();
    while (!waiting.isEmpty() && maySend(waiting.peek())) {
      send(waiting.poll());
    }
    if (wasBlocked && waiting.isEmpty()) {
      owner.channelUnblocked();
    }
  }

  boolean blocked() {
    return !waiting.isEmpty();
  }

  boolean isConnected() {
    return connected;
  }

  int waiting() {
    return waiting.size();
  }

  int bufferedRecords() {
    return count;
  }

  long credits() {
    return limit - sentBatches;
  }
}
