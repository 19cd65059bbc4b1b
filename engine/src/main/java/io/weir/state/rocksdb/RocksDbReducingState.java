package io.weir.state.rocksdb;

import io.weir.api.state.ReducingStateDescriptor;
import io.weir.state.AbstractReducingState;

/** A reduced value per key: one RocksDB entry {@code [key group][key] -> value}, read and written as a value state's. */
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
    KeyValueCodec k = backend.codec();
    return (T) backend.entries().decoded(column, k.key(), k.keyLength(), stored -> backend.codec().decode(stored));
  }

  @Override
  protected void store(T value) {
    KeyValueCodec k = backend.codec();
    backend.entries().putDecoded(column, k.key(), k.keyLength(), value, false);
  }

  @Override
  public void clear() {
    backend.deleteCurrent(column);
  }
}
