package io.weir.runtime.network;

/**
 * What travels on a data channel: a batch of records (with their event times when they have
 * them), a checkpoint barrier, a watermark, the channel going idle, or the end of the channel's
 * input. {@code sequence} numbers every message of a channel, so a lost or reordered
 * message is detected, never silently skipped. In one JVM the batch is passed as is; between
 * JVMs {@link DataBatchCodec} serializes its records.
 */
public final class DataBatch {
  public enum Kind {
    RECORDS, BARRIER, END_OF_INPUT,
    /** No record after it on this channel is at or before {@link #watermark()}. */
    WATERMARK,
    /** The channel has nothing to send for now and does not hold back its receiver's watermark until its next message. */
    IDLE,
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
  private final long[] timestamps;
  private final long watermark;

  private DataBatch(Kind kind, int attempt, int edge, int senderSubtask, long sequence, Object[] records, int count,
                    CheckpointBarrier barrier, String error) {
    this(kind, attempt, edge, senderSubtask, sequence, records, null, count, barrier, error, Long.MIN_VALUE);
  }

  private DataBatch(Kind kind, int attempt, int edge, int senderSubtask, long sequence, Object[] records, long[] timestamps,
                    int count, CheckpointBarrier barrier, String error, long watermark) {
    this.timestamps = timestamps;
    this.watermark = watermark;
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

  /** Records with their event times ({@code timestamps[i]} is record i's; null when they have none). */
  public static DataBatch records(int attempt, int edge, int sender, long sequence, Object[] records, long[] timestamps,
                                  int count) {
    return new DataBatch(Kind.RECORDS, attempt, edge, sender, sequence, records, timestamps, count, null, null, Long.MIN_VALUE);
  }

  public static DataBatch watermark(int attempt, int edge, int sender, long sequence, long watermark) {
    return new DataBatch(Kind.WATERMARK, attempt, edge, sender, sequence, null, null, 0, null, null, watermark);
  }

  public static DataBatch idle(int attempt, int edge, int sender, long sequence) {
    return new DataBatch(Kind.IDLE, attempt, edge, sender, sequence, null, 0, null, null);
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

  /** The records' event times, or null when they carry none. */
  public long[] timestamps() {
    return timestamps;
  }

  /** The watermark of a {@link Kind#WATERMARK} message. */
  public long watermark() {
    return watermark;
  }

  public CheckpointBarrier barrier() {
    return barrier;
  }

  @Override
  public String toString() {
    return kind + "(edge " + edge + " from " + senderSubtask + " #" + sequence
        + (kind == Kind.RECORDS ? ", " + count + " records" : kind == Kind.BARRIER ? ", checkpoint " + barrier.id()
        : kind == Kind.WATERMARK ? ", " + watermark : "") + ")";
  }
}
