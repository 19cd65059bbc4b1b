package io.weir.state.rocksdb;

import io.weir.api.state.ListState;
import io.weir.state.EmptyKeyWrites;
import io.weir.state.ttl.TtlValue;
import java.util.List;

/**
 * A list per key: one RocksDB entry whose value is the elements' encodings one after another.
 * {@link #add} is a RocksDB merge (the column family's merge operator appends), so adding never
 * reads the list. With {@code ttl} the elements are {@code TtlValue}s (the TTL decorator's raw state).
 */
final class RocksDbListState<T> implements ListState<T>, EmptyKeyWrites<T> {
  private final RocksDbKeyedStateBackend backend;
  private final StateColumn column;
  private final boolean ttl;

  RocksDbListState(RocksDbKeyedStateBackend backend, StateColumn column, boolean ttl) {
    this.backend = backend;
    this.column = column;
    this.ttl = ttl;
  }

  @SuppressWarnings("unchecked")
  @Override
  public List<T> get() {
    byte[] stored = backend.getCurrent(column);
    return stored == null ? List.of() : (List<T>) backend.codec().decodeAll(stored, ttl);
  }

  @Override
  public void add(T value) {
    encode(value);
    backend.mergeCurrent(column, false);
  }

  @Override
  public void writeToEmpty(T value) {
    encode(value);
    backend.mergeCurrent(column, true);
  }

  private void encode(T value) {
    if (ttl) {
      backend.codec().setTtlValue((TtlValue<?>) value);
    } else {
      backend.codec().setValue(value);
    }
  }

  @Override
  public void update(List<T> values) {
    if (values == null || values.isEmpty()) {
      clear();
      return;
    }
    backend.codec().setValues(values, ttl);
    backend.putCurrent(column);
  }

  @Override
  public void clear() {
    backend.deleteCurrent(column);
  }
}
