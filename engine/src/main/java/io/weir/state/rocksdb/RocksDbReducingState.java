package io.weir.state.rocksdb;

import io.weir.api.state.ReducingState;
import io.weir.api.state.ReducingStateDescriptor;
import io.weir.state.StateAccessException;
import io.weir.state.rocksdb.RocksDbKeyedStateBackend.StateColumn;

/** A value per key that {@link #add} folds into with the descriptor's reduce function (read, reduce, write). */
final class RocksDbReducingState<T> implements ReducingState<T> {
  private final RocksDbKeyedStateBackend backend;
  private final StateColumn column;
  private final ReducingStateDescriptor<T> descriptor;

  RocksDbReducingState(RocksDbKeyedStateBackend backend, StateColumn column, ReducingStateDescriptor<T> descriptor) {
    this.backend = backend;
    this.column = column;
    this.descriptor = descriptor;
  }

  @SuppressWarnings("unchecked")
  @Override
  public T get() {
    byte[] stored = backend.getCurrent(column);
    return stored == null ? null : (T) backend.codec().decode(stored);
  }

  @Override
  public void add(T value) {
    T current = get();
    T next;
    try {
      next = current == null ? value : descriptor.reducer().reduce(current, value);
    } catch (Exception e) {
      throw new StateAccessException("the reduce function of state '" + descriptor.name() + "' failed: " + e, e);
    }
    backend.codec().setValue(next);
    backend.putCurrent(column);
  }

  @Override
  public void clear() {
    backend.deleteCurrent(column);
  }
}
