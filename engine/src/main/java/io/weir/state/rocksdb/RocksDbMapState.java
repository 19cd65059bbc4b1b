package io.weir.state.rocksdb;

import io.weir.api.state.MapState;
import io.weir.state.ttl.TtlValue;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * A map per key: one RocksDB entry per map entry, {@code [key group][key][user key] -> value}.
 * A key's entries are one byte range, read with iterate bounds. With {@code ttl} the values are
 * {@code TtlValue}s (the TTL decorator's raw state).
 */
final class RocksDbMapState<K, V> implements MapState<K, V> {
  private final RocksDbKeyedStateBackend backend;
  private final StateColumn column;
  private final boolean ttl;

  RocksDbMapState(RocksDbKeyedStateBackend backend, StateColumn column, boolean ttl) {
    this.backend = backend;
    this.column = column;
    this.ttl = ttl;
  }

  private Object decodeValue(KeyValueCodec codec, byte[] stored) {
    return ttl ? codec.decodeTtl(stored) : codec.decode(stored);
  }

  private byte[] read(KeyValueCodec codec, K key) {
    codec.setEntryKey(key);
    return backend.entries().get(column, codec.entryKey(), codec.entryKeyLength());
  }

  @SuppressWarnings("unchecked")
  @Override
  public V get(K key) {
    KeyValueCodec codec = backend.codec();
    byte[] stored = read(codec, key);
    return stored == null ? null : (V) decodeValue(codec, stored);
  }

  @Override
  public void put(K key, V value) {
    KeyValueCodec codec = backend.codec();
    codec.setEntryKey(key);
    if (ttl) {
      codec.setTtlValue((TtlValue<?>) value);
    } else {
      codec.setValue(value);
    }
    backend.entries().put(column, codec.entryKey(), codec.entryKeyLength(), codec.value(), codec.valueLength());
  }

  @Override
  public void remove(K key) {
    KeyValueCodec codec = backend.codec();
    codec.setEntryKey(key);
    backend.entries().delete(column, codec.entryKey(), codec.entryKeyLength());
  }

  @Override
  public boolean contains(K key) {
    return read(backend.codec(), key) != null;
  }

  @SuppressWarnings("unchecked")
  @Override
  public Map<K, V> entries() {
    Map<K, V> entries = new HashMap<>();
    KeyValueCodec codec = backend.codec();
    int keyLength = codec.keyLength();
    scan(false, (stored, it) -> entries.put((K) codec.decode(stored, keyLength, stored.length - keyLength),
        (V) decodeValue(codec, it.value())));
    return entries;
  }

  @Override
  public boolean isEmpty() {
    boolean[] empty = {true};
    scan(true, (stored, it) -> empty[0] = false);
    return empty[0];
  }

  @Override
  public void clear() {
    try (WriteBatch batch = new WriteBatch()) {
      scan(false, (stored, it) -> {
        try {
          batch.delete(column.handle, stored);
        } catch (RocksDBException e) {
          throw RocksDbKeyedStateBackend.failure(column, "clear", e);
        }
        backend.entries().forget(column, stored, stored.length);
      });
      if (batch.count() > 0) {
        backend.entries().write(batch);
      }
    } catch (RocksDBException e) {
      throw RocksDbKeyedStateBackend.failure(column, "clear", e);
    }
  }

  /**
   * Visits the current key's entries (only the first when {@code first}) with the stored key and
   * the iterator, after the state's cached writes are written.
   */
  private void scan(boolean first, BiConsumer<byte[], RocksIterator> visit) {
    KeyValueCodec codec = backend.codec();
    backend.entries().flush(column);
    byte[] lower = codec.keyCopy();
    byte[] upper = KeyValueCodec.successor(lower, lower.length);
    try (Slice lowerBound = new Slice(lower);
         Slice upperBound = new Slice(upper);
         ReadOptions reads = new ReadOptions().setIterateLowerBound(lowerBound).setIterateUpperBound(upperBound);
         RocksIterator it = backend.db().newIterator(column.handle, reads)) {
      for (it.seek(lower); it.isValid(); it.next()) {
        visit.accept(it.key(), it);
        if (first) {
          break;
        }
      }
      it.status();
    } catch (RocksDBException e) {
      throw RocksDbKeyedStateBackend.failure(column, "read", e);
    }
  }
}
