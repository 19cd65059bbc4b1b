package io.weir.api.function;

import io.weir.api.RuntimeContext;

/**
 * A function with a lifecycle: a map, filter or flat-map function that also implements this is
 * opened with the subtask's context before its first record and closed at the end.
 */
public interface RichFunction {
  default void open(RuntimeContext context) throws Exception {
  }

  default void close() throws Exception {
  }
}
