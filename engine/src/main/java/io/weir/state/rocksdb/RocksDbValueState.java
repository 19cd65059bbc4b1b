package io.weir.state.rocksdb;

import io.weir.api.state.ValueState;

/** A value per key: one RocksDB entry {@code [key group][key] -> value}. */
final class RocksDbValueState<T> implements ValueState<T> {
  private final RocksDbKeyedStateBackend backend;
  private final StateColumn column;
  private final T defaultValue;

  RocksDbValueState(RocksDbKeyedStateBackend backend, StateColumn column, T defaultValue) {
    this.backend = backend;
    this.column = column;
    this.defaultValue = defaultValue;
  }

  @SuppressWarnings("unchecked")
  @Override
  public T value() {
    byte[] stored = backend.getCurrent(column);
    return stored == null ? defaultValue : (T) backend.codec().decode(stored);
  }

  @Override
  public void update(T value) {
    if (value == null) {
      clear();
      return;
    }
    backend.codec().setValue(value);
    backend.putCurrent(column);
  }

  @Override
  public void clear() {
    backend.deleteCurrent(column);
  }
}
