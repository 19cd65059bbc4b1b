package io.weir.state.heap;

import io.weir.api.state.ReducingStateDescriptor;
import io.weir.state.AbstractReducingState;

/** A reduced value per key, kept in the key group's map as a value state's is. */
final class HeapReducingState<T> extends AbstractReducingState<T> {
  private final HeapKeyedStateBackend backend;
  private final StateTable table;

  HeapReducingState(HeapKeyedStateBackend backend, StateTable table, ReducingStateDescriptor<T> descriptor) {
    super(descriptor);
    this.backend = backend;
    this.table = table;
  }

  @SuppressWarnings("unchecked")
  @Override
  public T get() {
    return (T) backend.get(table);
  }

  @Override
  protected void store(T value) {
    backend.put(table, value);
  }

  @Override
  public void clear() {
    backend.remove(table);
  }
}
