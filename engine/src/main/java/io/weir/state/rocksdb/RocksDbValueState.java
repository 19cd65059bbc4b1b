package io.weir.state.rocksdb;

import io.weir.api.state.ValueState;
import io.weir.state.ttl.TtlValue;

/**
 * A value per key: one RocksDB entry {@code [key group][key] -> value}. With {@code ttl} its values
 * are {@code TtlValue}s, kept in the codec's time-to-live form (the TTL decorator's raw state).
 */
final class RocksDbValueState<T> implements ValueState<T> {
  private final RocksDbKeyedStateBackend backend;
  private final StateColumn column;
  private final T defaultValue;
  private final boolean ttl;

  RocksDbValueState(RocksDbKeyedStateBackend backend, StateColumn column, T defaultValue, boolean ttl) {
    this.backend = backend;
    this.column = column;
    this.defaultValue = defaultValue;
    this.ttl = ttl;
  }

  @SuppressWarnings("unchecked")
  @Override
  public T value() {
    byte[] stored = backend.getCurrent(column);
    if (stored == null) {
      return defaultValue;
    }
    return (T) (ttl ? backend.codec().decodeTtl(stored) : backend.codec().decode(stored));
  }

  @Override
  public void update(T value) {
    if (value == null) {
      clear();
      return;
    }
    if (ttl) {
      backend.codec().setTtlValue((TtlValue<?>) value);
    } else {
      backend.codec().setValue(value);
    }
    backend.putCurrent(column);
  }

  @Override
  public void clear() {
    backend.deleteCurrent(column);
  }
}
