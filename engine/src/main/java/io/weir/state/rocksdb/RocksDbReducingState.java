package io.weir.state.rocksdb;

import io.weir.api.state.ReducingState;
import io.weir.api.state.ReducingStateDescriptor;
import io.weir.state.StateAccessException;
import io.weir.state.rocksdb.RocksDbKeyedStateBackend.StateColumn;
import org.rocksdb.RocksDBException;

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
    KeyValueCodec codec = backend.codec();
    try {
      byte[] stored = backend.db().get(column.handle, backend.reads(), codec.key(), 0, codec.keyLength());
      return stored == null ? null : (T) codec.decode(stored);
    } catch (RocksDBException e) {
      throw RocksDbKeyedStateBackend.failure(column, "read", e);
    }
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
    KeyValueCodec codec = backend.codec();
    codec.setValue(next);
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
