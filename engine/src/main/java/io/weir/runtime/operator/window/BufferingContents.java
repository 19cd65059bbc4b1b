package io.weir.runtime.operator.window;

import io.weir.api.Collector;
import io.weir.api.state.ListState;
import io.weir.api.state.ListStateDescriptor;
import io.weir.api.window.ProcessWindowFunction;
import io.weir.api.window.TimeWindow;
import io.weir.state.EmptyKeyWrites;
import io.weir.state.KeyedStateBackend;
import java.util.ArrayList;
import java.util.List;

/** Every record of a window in list state, handed to a {@link ProcessWindowFunction} when the window fires. */
final class BufferingContents implements WindowContents {
  private final ProcessWindowFunction<Object, Object, Object> function;
  private KeyedStateBackend state;
  private ListState<Object> records;

  @SuppressWarnings("unchecked")
  BufferingContents(ProcessWindowFunction<?, ?, ?> function) {
    this.function = (ProcessWindowFunction<Object, Object, Object>) function;
  }

  @Override
  public void open(KeyedStateBackend state, String stateName) {
    this.state = state;
    this.records = state.listState(new ListStateDescriptor<>(stateName));
  }

  /** Always true: reading the list to see whether it was empty costs more than registering a timer twice (a no-op). */
  @Override
  public boolean add(Object record) {
    records.add(record);
    return true;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void addFirst(Object record) {
    if (records instanceof EmptyKeyWrites<?> empty) {
      ((EmptyKeyWrites<Object>) empty).writeToEmpty(record);
    } else {
      records.add(record);
    }
  }

  @Override
  public void emit(Object key, TimeWindow window, Collector<Object> out) throws Exception {
    List<Object> all = records.get();
    if (!all.isEmpty()) {
      function.process(key, window, all, out);
    }
  }

  @Override
  public void clear() {
    records.clear();
  }

  @Override
  public void merge(List<WindowKey> from, WindowKey into) {
    List<Object> moved = new ArrayList<>();
    for (WindowKey k : from) {
      state.setCurrentKey(k);
      moved.addAll(records.get());
      records.clear();
    }
    state.setCurrentKey(into);
    for (Object r : moved) {
      records.add(r);
    }
  }
}
