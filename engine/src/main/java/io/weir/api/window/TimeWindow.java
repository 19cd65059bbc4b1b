package io.weir.api.window;

/** A window of time: from {@code start} (inclusive) to {@code end} (exclusive), in milliseconds. */
public record TimeWindow(long start, long end) {

  public TimeWindow {
    if (end <= start) {
      throw new IllegalArgumentException("a window must end after it starts, got [" + start + ", " + end + ")");
    }
  }

  /** The last millisecond in the window: the event time of its result. */
  public long maxTimestamp() {
    return end - 1;
  }

  /** Whether the two windows overlap or touch (sessions that do are merged). */
  public boolean intersects(TimeWindow other) {
    return start <= other.end && other.start <= end;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof TimeWindow other && start == other.start && end == other.end; // a record's, written out (it is hot)
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(start) + Long.hashCode(end); // a record's hash of its two longs
  }

  /** The smallest window covering both. */
  public TimeWindow cover(TimeWindow other) {
    return new TimeWindow(Math.min(start, other.start), Math.max(end, other.end));
  }
}
