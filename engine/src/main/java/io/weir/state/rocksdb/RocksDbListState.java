package io.weir.state.rocksdb;

import io.weir.api.state.ListState;
import java.util.List;

/**
 * A list per key: one RocksDB entry whose value is the elements' encodings one after another.
 * {@link #add} is a RocksDB merge (the column family's merge operator appends), so adding never
 * reads the list.
 */
final class RocksDbListState<T> implements ListState<T> {
  private final RocksDbKeyedStateBackend backend;
  private final StateColumn column;

  RocksDbListState(RocksDbKeyedStateBackend backend, StateColumn column) {
    this.backend = backend;
    this.column = column;
  }

  @SuppressWarnings("unchecked")
  @Override
  public List<T> get() {
    byte[] stored = backend.getCurrent(column);
    return stored == null ? List.of() : (List<T>) backend.codec().decodeAll(stored);
  }

  @Override
  public void add(T value) {
    backend.codec().setValue(value);
    backend.mergeCurrent(column);
  }

  @Override
  public void update(List<T> values) {
    if (values == null || values.isEmpty()) {
      clear();
      return;
    }
    backend.codec().setValues(values);
    backend.putCurrent(column);
  }

  @Override
  public void clear() {
    backend.deleteCurrent(column);
  }
}
