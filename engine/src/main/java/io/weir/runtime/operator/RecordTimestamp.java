package io.weir.runtime.operator;

/**
 * The event time of the record a task's chain is processing, shared by every operator of the chain
 * and its record writers: set when a record enters the chain (from a source's assigner or from its
 * batch), read by event-time operators, changed by an operator that emits records of another time
 * (a window's result has the window's last millisecond). One long per task, nothing per record.
 */
public final class RecordTimestamp {
  /** The record has no event time. */
  public static final long NONE = Long.MIN_VALUE;

  private long value = NONE;

  public long get() {
    return value;
  }

  public void set(long timestamp) {
    value = timestamp;
  }

  public void clear() {
    value = NONE;
  }
}
