package io.weir.api.window;

import java.time.Duration;
import java.util.Objects;

/**
 * Which windows a record belongs to: tumbling (fixed, back to back), sliding (fixed, overlapping
 * every {@code slide}) or session (a record opens {@code gap} of activity; sessions that touch
 * merge), by event time (the record's timestamp, closed by the watermark) or by processing time
 * (the clock when the record arrives). Windows are aligned to the epoch.
 */
public final class WindowAssigner {
  public enum Kind { TUMBLING, SLIDING, SESSION }

  private final Kind kind;
  private final long size;
  private final long slide;
  private final boolean eventTime;

  private WindowAssigner(Kind kind, long size, long slide, boolean eventTime) {
    this.kind = kind;
    this.size = size;
    this.slide = slide;
    this.eventTime = eventTime;
  }

  private static long positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("a window's " + what + " must be positive, got " + d);
    }
    return d.toMillis();
  }

  /** Event-time windows of {@code size}, back to back. */
  public static WindowAssigner tumbling(Duration size) {
    long s = positive(size, "size");
    return new WindowAssigner(Kind.TUMBLING, s, s, true);
  }

  /** Event-time windows of {@code size}, one starting every {@code slide}. */
  public static WindowAssigner sliding(Duration size, Duration slide) {
    long s = positive(size, "size");
    long sl = positive(slide, "slide");
    if (sl > s) {
      throw new IllegalArgumentException("a sliding window's slide (" + slide + ") must not exceed its size (" + size + ")");
    }
    return new WindowAssigner(Kind.SLIDING, s, sl, true);
  }

  /** Event-time sessions: a session ends after {@code gap} without records of its key. */
  public static WindowAssigner session(Duration gap) {
    return new WindowAssigner(Kind.SESSION, positive(gap, "gap"), 0, true);
  }

  /** The same windows by processing time. */
  public WindowAssigner inProcessingTime() {
    return new WindowAssigner(kind, size, slide, false);
  }

  public Kind kind() {
    return kind;
  }

  public boolean eventTime() {
    return eventTime;
  }

  public boolean merging() {
    return kind == Kind.SESSION;
  }

  /** The window size, or a session's gap. */
  public long size() {
    return size;
  }

  /** How far apart fixed windows start (a tumbling window's size; sessions: 0). */
  public long slide() {
    return slide;
  }

  /** How many windows a record is in (sessions: one before merging). */
  public int windowsPerRecord() {
    return kind == Kind.SLIDING ? (int) ((size + slide - 1) / slide) : 1;
  }

  /** The start of the {@code i}-th window (0 = the latest) that {@code timestamp} falls in; sessions start at it. */
  public long start(long timestamp, int i) {
    return switch (kind) {
      case SESSION -> timestamp;
      case TUMBLING, SLIDING -> timestamp - Math.floorMod(timestamp, slide) - (long) i * slide;
    };
  }

  /**
   * The fixed-size window ending right after {@code maxTimestamp}, or null when no window of this
   * assigner ends there (sessions have no fixed windows).
   */
  public TimeWindow endingAt(long maxTimestamp) {
    if (kind == Kind.SESSION) {
      return null;
    }
    long start = maxTimestamp + 1 - size;
    return Math.floorMod(start, slide) == 0 ? new TimeWindow(start, start + size) : null;
  }

  @Override
  public String toString() {
    return (eventTime ? "event-time " : "processing-time ") + kind.name().toLowerCase()
        + (kind == Kind.SESSION ? " gap " + size : " size " + size + (kind == Kind.SLIDING ? " slide " + slide : "")) + " ms";
  }
}
