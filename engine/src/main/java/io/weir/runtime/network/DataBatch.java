package io.weir.runtime.network;

/**
 * What travels on a data channel: a batch of records, a checkpoint barrier, or the end of the
 * channel's input. {@code sequence} numbers every message of a channel, so a lost or reordered
 * message is detected, never silently skipped. In one JVM the batch is passed as is; between
 * JVMs {@link DataBatchCodec} serializes its records.
 */
public final class DataBatch {
  public enum Kind {
    RECORDS, BARRIER, END_OF_INPUT,
    /** A request a sender makes before anything else, so that the receiver's address is known on its node. */
    HANDSHAKE,
    /** A batch that arrived but could not be decoded; {@link #error()} says why. The receiving task fails with it. */
    UNDECODABLE
  }

  private final Kind kind;
  private final int attempt;
  private final int edge;
  private final int senderSubtask;
  private final long sequence;
  private final Object[] records;
  private final int count;
  private final CheckpointBarrier barrier;
  private final String error;

  private DataBatch(Kind kind, int attempt, int edge, int senderSubtask, long sequence, Object[] records, int count,
                    CheckpointBarrier barrier, String error) {
    this.kind = kind;
    this.attempt = attempt;
    this.edge = edge;
    this.senderSubtask = senderSubtask;
    this.sequence = sequence;
    this.records = records;
    this.count = count;
    this.barrier = barrier;
    this.error = error;
  }

  public static DataBatch records(int attempt, int edge, int sender, long sequence, Object[] records, int count) {
    return new DataBatch(Kind.RECORDS, attempt, edge, sender, sequence, records, count, null, null);
  }

  public static DataBatch barrier(int attempt, int edge, int sender, long sequence, CheckpointBarrier barrier) {
    return new DataBatch(Kind.BARRIER, attempt, edge, sender, sequence, null, 0, barrier, null);
  }

  public static DataBatch endOfInput(int attempt, int edge, int sender, long sequence) {
    return new DataBatch(Kind.END_OF_INPUT, attempt, edge, sender, sequence, null, 0, null, null);
  }

  public static DataBatch handshake(int attempt, int edge, int sender) {
    return new DataBatch(Kind.HANDSHAKE, attempt, edge, sender, -1, null, 0, null, null);
  }

  public static DataBatch undecodable(int attempt, int edge, int sender, long sequence, String error) {
    return new DataBatch(Kind.UNDECODABLE, attempt, edge, sender, sequence, null, 0, null, error);
  }

  public String error() {
    return error;
  }

  public Kind kind() {
    return kind;
  }

  public int attempt() {
    return attempt;
  }

  public int edge() {
    return edge;
  }

  public int senderSubtask() {
    return senderSubtask;
  }

  public long sequence() {
    return sequence;
  }

  public Object[] records() {
    return records;
  }

  public int count() {
    return count;
  }

  public CheckpointBarrier barrier() {
    return barrier;
  }

  @Override
  public String toString() {
    return kind + "(edge " + edge + " from " + senderSubtask + " #" + sequence
        + (kind == Kind.RECORDS ? ", " + count + " records" : kind == Kind.BARRIER ? ", checkpoint " + barrier.id() : "") + ")";
  }
}
