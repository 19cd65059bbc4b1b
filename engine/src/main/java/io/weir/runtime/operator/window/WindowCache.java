package io.weir.runtime.operator.window;

import io.weir.api.window.TimeWindow;

/**
 * The windows a window operator made recently, so that the records and timers of one window share
 * one {@link TimeWindow}: the window keys in its state then compare windows by identity, without
 * reading a window of the old generation (a cache miss) on every lookup, and a record allocates no
 * window. A few slots by start time; a window that is not there is made and replaces what was.
 */
final class WindowCache {
  private static final int SLOTS = 8;

  private final TimeWindow[] windows = new TimeWindow[SLOTS];

  /** The window [start, end), the one made before if it is still here. */
  TimeWindow get(long start, long end) {
    int slot = (int) (start ^ (start >>> 32)) * 0x9E3779B9 >>> 29;
    TimeWindow w = windows[slot];
    if (w == null || w.start() != start || w.end() != end) {
      w = new TimeWindow(start, end);
      windows[slot] = w;
    }
    return w;
  }

  /** {@code w} itself, or the equal window made before (so that state keys made from it compare by identity). */
  TimeWindow canonical(TimeWindow w) {
    return w == null ? null : get(w.start(), w.end());
  }
}
