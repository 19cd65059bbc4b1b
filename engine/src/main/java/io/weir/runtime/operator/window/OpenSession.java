package io.weir.runtime.operator.window;

import io.weir.api.window.TimeWindow;

/** An open session of a key, as state: its window, [start, end), and where its contents are. */
sealed interface OpenSession permits Session, FoldedSession {
  long start();

  long end();

  default TimeWindow window() {
    return new TimeWindow(start(), end());
  }
}
