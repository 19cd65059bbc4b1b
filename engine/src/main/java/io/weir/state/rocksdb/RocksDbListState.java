package io.weir.state.rocksdb;

import io.weir.api.state.ListState;
import io.weir.state.rocksdb.RocksDbKeyedStateBackend.StateColumn;
import java.util.List;
import org.rocksdb.RocksDBException;

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
    KeyValueCodec codec = backend.codec();
    try {
      byte[] stored = backend.db().get(column.handle, backend.reads(), codec.key(), 0, codec.keyLength());
      return stored == null ? List.of() : (List<T>) codec.decodeAll(stored);
    } catch (RocksDBException e) {
      throw RocksDbKeyedStateBackend.failure(column, "read", e);
    }
  }

  @Override
  public void add(T value) {
    KeyValueCodec codec = backend.codec();
    codec.setValue(value);
    try {
      backend.db().merge(column.handle, backend.writes(), codec.key(), 0, codec.keyLength(), codec.value(), 0,
          codec.valueLength());
    } catch (RocksDBException e) {
      throw RocksDbKeyedStateBackend.failure(column, "add to", e);
    }
  }

  @Override
  public void update(List<T> values) {
    if (values == null || values.isEmpty()) {
      clear();
      return;
    }
    KeyValueCodec codec = backend.codec();
    codec.setValues(values);
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
