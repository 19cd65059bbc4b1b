package io.weir.runtime.operator.window;

import java.util.List;

/**
 * The panes of one key of sliding windows, as state: the starts of the panes that hold records,
 * ascending, and their accumulators in the same order. Never changed once stored (checkpoints
 * share it): an update stores a new one.
 */
public record Panes(long[] starts, List<Object> accumulators) {

  /** The index of the pane starting at {@code start}, or {@code -(insertion point) - 1}. */
  int indexOf(long start) {
    for (int i = 0; i < starts.length; i++) {
      if (starts[i] >= start) {
        return starts[i] == start ? i : -i - 1;
      }
    }
    return -starts.length - 1;
  }
}
