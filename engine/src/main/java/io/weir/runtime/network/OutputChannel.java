package io.weir.runtime.network;

import java.util.ArrayDeque;

/**
 * The sending end of one channel: buffers records into batches, numbers every message, and sends a
 * batch only with a credit from the receiver. A batch without credit waits in the channel, which
 * then counts as blocked; events (barriers, end of input) need no credit but keep their place
 * behind waiting batches.
 */
final class OutputChannel {
  private final RecordWriter owner;
  private final String address;
  private final int batchSize;
  private Object[] buffer;
  private int count;
  private int credits;
  private long nextSequence;
  private final ArrayDeque<DataBatch> waiting = new ArrayDeque<>();

  OutputChannel(RecordWriter owner, String address, int batchSize) {
    this.owner = owner;
    this.address = address;
    this.batchSize = batchSize;
    this.buffer = new Object[batchSize];
  }

  void add(Object record) {
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
    DataBatch batch = DataBatch.records(owner.attempt(), owner.edge(), owner.subtask(), nextSequence++, buffer, count);
    buffer = new Object[batchSize];
    count = 0;
    enqueue(batch);
  }

  void sendBarrier(CheckpointBarrier barrier) {
    seal();
    enqueue(DataBatch.barrier(owner.attempt(), owner.edge(), owner.subtask(), nextSequence++, barrier));
  }

  void sendEndOfInput() {
    seal();
    enqueue(DataBatch.endOfInput(owner.attempt(), owner.edge(), owner.subtask(), nextSequence++));
  }

  private void enqueue(DataBatch batch) {
    boolean wasBlocked = !waiting.isEmpty();
    if (!wasBlocked && (batch.kind() != DataBatch.Kind.RECORDS || credits > 0)) {
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
      credits--;
    }
    owner.transport().send(address, batch);
  }

  void addCredits(int n) {
    credits += n;
    boolean wasBlocked = !waiting.isEmpty();
    while (!waiting.isEmpty() && (waiting.peek().kind() != DataBatch.Kind.RECORDS || credits > 0)) {
      send(waiting.poll());
    }
    if (wasBlocked && waiting.isEmpty()) {
      owner.channelUnblocked();
    }
  }

  boolean blocked() {
    return !waiting.isEmpty();
  }

  int bufferedRecords() {
    return count;
  }

  int credits() {
    return credits;
  }
}
