package io.weir.checkpoint;

/**
 * A checkpoint's number within its job: 1 for the first, one more for each checkpoint or savepoint
 * triggered after it. Its text is the bare number, so that log lines read "checkpoint 17".
 */
public record CheckpointId(long value) implements Comparable<CheckpointId> {

  /** The id of the checkpoint triggered after this one. */
  public CheckpointId next() {
    return new CheckpointId(value + 1);
  }

  @Override
  public int compareTo(CheckpointId o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
