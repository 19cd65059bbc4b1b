package io.weir.state.rocksdb;

import io.weir.serde.ClassIds;
import io.weir.state.StateAccessException;
import io.weir.state.ttl.TtlValues;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Point reads and writes of the states' entries, each through its column's {@link ColumnCache}
 * (made on first use, dropped when the column is bound to another database). Whatever iterates a
 * column, or snapshots the database, {@link #flush flushes} first, so RocksDB then holds every write.
 * A value state's entries are read and written as objects ({@link #decoded}, {@link #putDecoded}),
 * encoded by a codec of their own when RocksDB is to get them.
 */
final class CachedEntries {
  private final Supplier<RocksDB> db;
  private final ReadOptions reads;
  private final WriteOptions writes;
  private final int capacity;
  private final long maxBytes;
  private final KeyValueCodec encoding;

  /**
   * @param capacity the entries each state's cache holds; {@code maxBytes}: the bytes it holds (see {@link ColumnCache})
   * @param classes  the dictionary of the classes the entries name
   */
  CachedEntries(Supplier<RocksDB> db, ReadOptions reads, WriteOptions writes, int capacity, long maxBytes,
                ClassIds classes) {
    this.encoding = new KeyValueCodec(classes);
    this.db = db;
    this.reads = reads;
    this.writes = writes;
    this.capacity = capacity;
    this.maxBytes = maxBytes;
  }

  /** The value of {@code key[0, length)} in {@code c}, or null; never to be modified. */
  byte[] get(StateColumn c, byte[] key, int length) {
    ColumnCache cache = cache(c);
    byte[] v = cache.get(key, length);
    if (v != ColumnCache.MISSING) {
      return v;
    }
    try {
      return cache.loaded(key, length, read(c, key, length));
    } catch (RocksDBException e) {
      throw RocksDbKeyedStateBackend.failure(c, "read", e);
    }
  }

  /**
   * Reads the key from RocksDB, asking first whether it may be there at all: a key a state has not
   * written yet (a new window's, a new session's) is then ruled out by the memtable and the bloom
   * filters, where a plain read of an absent key costs rocksdbjni a C++ exception, unwound, on every
   * call. (The value {@code keyMayExist} can hand back with its answer is not used: it came back
   * empty for keys that have values.)
   */
  private byte[] read(StateColumn c, byte[] key, int length) throws RocksDBException {
    RocksDB d = db.get();
    return d.keyMayExist(c.handle, reads, key, 0, length, null) ? d.get(c.handle, reads, key, 0, length) : null;
  }

  /** The value of {@code key[0, length)} in {@code c} decoded by {@code decoder}, or null; kept decoded in the cache. */
  Object decoded(StateColumn c, byte[] key, int length, ColumnCache.Decoder decoder) {
    ColumnCache cache = cache(c);
    Object v = cache.decoded(key, length, decoder);
    if (v != ColumnCache.NOT_CACHED) {
      return v;
    }
    try {
      return cache.loadedDecoded(key, length, read(c, key, length), decoder);
    } catch (RocksDBException e) {
      throw RocksDbKeyedStateBackend.failure(c, "read", e);
    }
  }

  /**
   * Sets the value of {@code key[0, length)} in {@code c} to {@code value} (not null), encoded when
   * RocksDB is to get it; {@code empty}: the key is known to hold nothing there.
   */
  void putDecoded(StateColumn c, byte[] key, int length, Object value, boolean empty) {
    try {
      cache(c).writeDecoded(key, length, value, empty);
    } catch (RocksDBException e) {
      throw RocksDbKeyedStateBackend.failure(c, "write", e);
    }
  }

  void put(StateColumn c, byte[] key, int length, byte[] value, int valueLength) {
    try {
      cache(c).write(key, length, Arrays.copyOf(value, valueLength));
    } catch (RocksDBException e) {
      throw RocksDbKeyedStateBackend.failure(c, "write", e);
    }
  }

  void delete(StateColumn c, byte[] key, int length) {
    try {
      cache(c).write(key, length, null);
    } catch (RocksDBException e) {
      throw RocksDbKeyedStateBackend.failure(c, "clear", e);
    }
  }

  /**
   * Appends {@code value} to a list entry, in the cache (it reaches RocksDB as a merge when it leaves
   * the cache); {@code empty}: the key is known to hold no list yet.
   */
  void merge(StateColumn c, byte[] key, int length, byte[] value, int valueLength, boolean empty) {
    try {
      cache(c).append(key, length, value, valueLength, empty);
    } catch (RocksDBException e) {
      throw RocksDbKeyedStateBackend.failure(c, "add to", e);
    }
  }

  /**
   * Appends {@code element} to a list entry kept decoded in the cache ({@link ColumnCache#appendDecoded}):
   * false when the caller must append the element's bytes ({@link #merge}) instead.
   */
  boolean mergeDecoded(StateColumn c, byte[] key, int length, Object element, boolean empty) {
    try {
      return cache(c).appendDecoded(key, length, element, empty);
    } catch (RocksDBException e) {
      throw RocksDbKeyedStateBackend.failure(c, "add to", e);
    }
  }

  /** Writes a batch of changes straight to RocksDB (what it changes must be {@link #forget forgotten}). */
  void write(WriteBatch batch) throws RocksDBException {
    db.get().write(writes, batch);
  }

  /** Drops a key from the cache after it was changed in RocksDB directly (by a batch). */
  void forget(StateColumn c, byte[] key, int length) {
    if (c.cache != null) {
      c.cache.forget(key, length);
    }
  }

  /** Writes the cached writes of {@code columns} to RocksDB, in one batch. */
  void flush(Iterable<StateColumn> columns) {
    RocksDB d = null;
    try (WriteBatch batch = new WriteBatch()) {
      for (StateColumn c : columns) {
        if (c.cache != null && c.cache.hasDirty()) {
          d = db.get(); // opens the database before its handles are used, when no access opened it yet
          c.cache.flushInto(batch, c.handle);
        }
      }
      if (d != null) {
        d.write(writes, batch);
      }
    } catch (RocksDBException e) {
      throw new StateAccessException("RocksDB failed to write cached state: " + e.getMessage(), e);
    }
  }

  void flush(StateColumn c) {
    if (c.cache != null && c.cache.hasDirty()) {
      flush(List.of(c));
    }
  }

  /** Forgets every cached entry, written or not: the columns are bound to another database now. */
  void clear(Iterable<StateColumn> columns) {
    for (StateColumn c : columns) {
      if (c.cache != null) {
        c.cache.clear();
      }
    }
  }

  private ColumnCache cache(StateColumn c) {
    ColumnCache cache = c.cache;
    if (cache == null) {
      cache = new ColumnCache(capacity, maxBytes, (key, value, append) -> {
        if (value == null) {
          db.get().delete(c.handle, writes, key);
        } else if (append) {
          db.get().merge(c.handle, writes, key, value);
        } else {
          db.get().put(c.handle, writes, key, value);
        }
      }, value -> encoding.encodeEntry(value, value instanceof ColumnCache.DecodedList ? TtlValues.Shape.LIST
          : TtlValues.Shape.ONE, c.ttl > 0));
      c.cache = cache;
    }
    return cache;
  }
}
