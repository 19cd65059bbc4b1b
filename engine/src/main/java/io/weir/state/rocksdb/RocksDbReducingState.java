package io.weir.state.rocksdb;

import io.weir.api.state.ReducingStateDescriptor;
import io.weir.state.AbstractReducingState;

/** A reduced value per key: one RocksDB entry {@code [key group][key] -> value}, as a value state's. */
final class RocksDbReducingState<T> extends AbstractReducingState<T> {
  private final RocksDbKeyedStateBackend backend;
  private final StateColumn column;

  RocksDbReducingState(RocksDbKeyedStateBackend backend, StateColumn column, ReducingStateDescriptor<T> descriptor) {
    super(descriptor);
    this.backend = backend;
    this.column = column;
  }

  @SuppressWarnings("unchecked")
  @Override
  public T get() {
    byte[] stored = backend.getCurrent(column);
    return stored == null ? null : (T) backend.codec().decode(stored);
  }

  @Override
  protected void store(T value) {
    backend.codec().setValue(value);
    backend.putCurrent(column);
  }

  @Override
  public void clear() {
    backend.deleteCurrent(column);
  }
}
