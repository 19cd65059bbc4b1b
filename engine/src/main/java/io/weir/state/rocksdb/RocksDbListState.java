package io.weir.state.rocksdb;

import io.weir.api.state.ListState;
import io.weir.state.EmptyKeyWrites;
import io.weir.state.ttl.TtlValue;
import java.util.Collections;
import java.util.List;

/**
 * A list per key: one RocksDB entry whose value is the elements' encodings one after another.
 * {@link #add} never reads the list: it adds to the list the cache keeps decoded (one read, or
 * started by {@link #writeToEmpty}), else it is a RocksDB merge (the column family's merge
 * operator appends), cached until it is written back. A list read is kept decoded, so a list
 * started, added to, read and cleared between two snapshots (a window's) is never encoded. With {@code ttl} the elements are {@code TtlValue}s (the TTL decorator's raw state).
 */
final class RocksDbListState<T> implements ListState<T>, EmptyKeyWrites<T> {
  private final RocksDbKeyedStateBackend backend;
  private final StateColumn column;
  private final boolean ttl;
  private final ColumnCache.Decoder decoder;

  RocksDbListState(RocksDbKeyedStateBackend backend, StateColumn column, boolean ttl) {
    this.backend = backend;
    this.column = column;
    this.ttl = ttl;
    this.decoder = stored -> backend.codec().decodeList(stored, ttl);
  }

  @SuppressWarnings("unchecked")
  @Override
  public List<T> get() {
    KeyValueCodec k = backend.codec();
    Object list = backend.entries().decoded(column, k.key(), k.keyLength(), decoder);
    return list == null ? List.of() : Collections.unmodifiableList((List<T>) list);
  }

  @Override
  public void add(T value) {
    add(value, false);
  }

  @Override
  public void writeToEmpty(T value) {
    add(value, true);
  }

  /** Adds to the list the cache keeps decoded, else appends the element's bytes (the list may be in RocksDB only). */
  private void add(T value, boolean empty) {
    KeyValueCodec k = backend.codec();
    if (!backend.entries().mergeDecoded(column, k.key(), k.keyLength(), value, empty)) {
      encode(value);
      backend.mergeCurrent(column, empty);
    }
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
