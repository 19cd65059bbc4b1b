package io.weir.state.rocksdb;

import io.weir.api.state.ValueState;
import io.weir.state.rocksdb.RocksDbKeyedStateBackend.StateColumn;
import org.rocksdb.RocksDBException;

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
    KeyValueCodec codec = backend.codec();
    try {
      byte[] stored = backend.db().get(column.handle, backend.reads(), codec.key(), 0, codec.keyLength());
      return stored == null ? defaultValue : (T) codec.decode(stored);
    } catch (RocksDBException e) {
      throw RocksDbKeyedStateBackend.failure(column, "read", e);
    }
  }

  @Override
  public void update(T value) {
    if (value == null) {
      clear();
      return;
    }
    KeyValueCodec codec = backend.codec();
    codec.setValue(value);
    try {
      backend.db().put(column.handle, backend.writes(), codec.key(), 0, codec.keyLength(), codec.value(), 0,
          codec.valueLength());
    } catch (RocksDBException e) {
      throw RocksDbKeyedStateBackend.failure(column, "write", e);
    }
  }

  @Override
  public void clear() {
    KeyValueCodec codec = backend.codec();
    try {
      backend.db().delete(column.handle, backend.writes(), codec.key(), 0, codec.keyLength());
    } catch (RocksDBException e) {
      throw RocksDbKeyedStateBackend.failure(column, "clear", e);
    }
  }
}
