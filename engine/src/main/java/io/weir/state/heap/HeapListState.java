package io.weir.state.heap;

import io.weir.api.state.ListState;
import java.util.Collections;
import java.util.List;

/**
 * A list per key: a mutable list in the key group's map, changed in place ({@link #add} appends to
 * a copy when a snapshot may share the list: {@link StateTable#owned}), read through an unmodifiable view.
 */
final class HeapListState<T> implements ListState<T> {
  private final HeapKeyedStateBackend backend;
  private final StateTable table;

  HeapListState(HeapKeyedStateBackend backend, StateTable table) {
    this.backend = backend;
    this.table = table;
  }

  @SuppressWarnings("unchecked")
  @Override
  public List<T> get() {
    Object v = backend.get(table);
    return v == null ? List.of() : Collections.unmodifiableList((List<T>) v);
  }

  @SuppressWarnings("unchecked")
  @Override
  public void add(T value) {
    List<Object> list = (List<Object>) backend.writable(table);
    if (list == null) {
      list = table.newList();
      backend.put(table, list);
    }
    list.add(value);
  }

  @Override
  public void update(List<T> values) {
    if (values == null || values.isEmpty()) {
      clear();
    } else {
      backend.put(table, table.newList(values));
    }
  }

  @Override
  public void clear() {
    backend.remove(table);
  }
}
