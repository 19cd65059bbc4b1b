package io.weir.runtime.operator.window;

import io.weir.api.Collector;
import io.weir.api.window.TimeWindow;
import io.weir.state.KeyedStateBackend;
import java.util.List;

/**
 * What a window holds for a key until it fires, kept in keyed state under a {@link WindowKey}: an
 * accumulator, or every record. Each call works on the backend's current key.
 */
interface WindowContents {
  void open(KeyedStateBackend state, String stateName);

  /** Adds a record to the current window; true when the window was empty (its timers are new). */
  boolean add(Object record) throws Exception;

  /** Adds the first record of the current window, which the caller knows to be empty: nothing is read. */
  void addFirst(Object record) throws Exception;

  /** Emits the current window's result, if it holds anything. */
  void emit(Object key, TimeWindow window, Collector<Object> out) throws Exception;

  void clear();

  /** Moves the contents of {@code from} into {@code into} (sessions that merge); the current key is undefined afterwards. */
  void merge(List<WindowKey> from, WindowKey into) throws Exception;
}
