package io.weir.runtime.operator.window;

import io.weir.api.window.TimeWindow;

/**
 * An open session of a key, as state: its window, [start, end), and the window its contents are
 * kept under (the session's first window), which stays as the session grows.
 */
public record Session(long start, long end, long contentsStart, long contentsEnd) {

  TimeWindow window() {
    return new TimeWindow(start, end);
  }

  WindowKey contentsKey(Object key) {
    return new WindowKey(key, new TimeWindow(contentsStart, contentsEnd));
  }
}
