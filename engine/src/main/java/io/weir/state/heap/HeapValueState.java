package io.weir.state.heap;

import io.weir.api.state.ValueState;

/** A value per key: the value itself in the key group's map (a {@code Long} kept unboxed there). */
final class HeapValueState<T> implements ValueState<T> {
  private final HeapKeyedStateBackend backend;
  private final StateTable table;
  private final T defaultValue;

  HeapValueState(HeapKeyedStateBackend backend, StateTable table, T defaultValue) {
    this.backend = backend;
    this.table = table;
    this.defaultValue = defaultValue;
  }

  @SuppressWarnings("unchecked")
  @Override
  public T value() {
    Object v = backend.get(table);
    return v == null ? defaultValue : (T) v;
  }

  @Override
  public void update(T value) {
    if (value == null) {
      clear();
    } else {
      backend.put(table, value);
    }
  }

  @Override
  public void clear() {
    backend.remove(table);
  }
}
