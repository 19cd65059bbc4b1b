package io.weir.runtime.operator.window;

import io.weir.api.window.TimeWindow;

/**
 * A session whose contents are window contents of their own, kept under the window the session
 * opened with, [contentsStart, contentsEnd), which stays as the session grows.
 */
public record Session(long start, long end, long contentsStart, long contentsEnd) implements OpenSession {

  WindowKey contentsKey(Object key) {
    return new WindowKey(key, new TimeWindow(contentsStart, contentsEnd));
  }
}
