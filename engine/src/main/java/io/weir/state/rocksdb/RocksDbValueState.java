package io.weir.state.rocksdb;

import io.weir.api.state.ValueState;
import io.weir.state.EmptyKeyWrites;

/**
 * A value per key: one RocksDB entry {@code [key group][key] -> value}. With {@code ttl} its values
 * are {@code TtlValue}s, kept in the codec's time-to-live form (the TTL decorator's raw state).
 * Values are read and written as objects through the cache ({@link CachedEntries#decoded}): a value
 * read is the object last written, as with the heap backend, so it must not be changed in place
 * unless it is written again.
 */
final class RocksDbValueState<T> implements ValueState<T>, EmptyKeyWrites<T> {
  private final RocksDbKeyedStateBackend backend;
  private final StateColumn column;
  private final T defaultValue;
  private final boolean ttl;
  private final ColumnCache.Decoder decoder;

  RocksDbValueState(RocksDbKeyedStateBackend backend, StateColumn column, T defaultValue, boolean ttl) {
    this.backend = backend;
    this.column = column;
    this.defaultValue = defaultValue;
    this.ttl = ttl;
    this.decoder = ttl ? stored -> backend.codec().decodeTtl(stored) : stored -> backend.codec().decode(stored);
  }

  @SuppressWarnings("unchecked")
  @Override
  public T value() {
    KeyValueCodec k = backend.codec();
    Object v = backend.entries().decoded(column, k.key(), k.keyLength(), decoder);
    return v == null ? defaultValue : (T) v;
  }

  @Override
  public void update(T value) {
    if (value == null) {
      clear();
      return;
    }
    KeyValueCodec k = backend.codec();
    backend.entries().putDecoded(column, k.key(), k.keyLength(), value, false);
  }

  @Override
  public void writeToEmpty(T value) {
    KeyValueCodec k = backend.codec();
    backend.entries().putDecoded(column, k.key(), k.keyLength(), value, true);
  }

  @Override
  public void clear() {
    backend.deleteCurrent(column);
  }
}
