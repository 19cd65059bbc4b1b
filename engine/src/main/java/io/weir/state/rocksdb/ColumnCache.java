package io.weir.state.rocksdb;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The most recently used entries of one state's column family, as RocksDB bytes, in front of the
 * database: a read of a cached key (present or known absent) makes no RocksDB call, and a write
 * stays here, dirty, until it is evicted (least recently used first, past {@code capacity}
 * entries) or {@link #flushInto flushed} (before a snapshot, and before anything iterates the
 * column). So a key read and written by consecutive records costs one RocksDB read and one write,
 * not one of each per record. Values are never mutated once cached. Used by the task's thread only.
 */
final class ColumnCache {
  /** A value no entry has: {@link #get} returns it for a key that is not cached. */
  static final byte[] MISSING = new byte[0];

  /** Writes one evicted dirty entry to the database ({@code value} null: delete it). */
  interface WriteBack {
    void write(byte[] key, byte[] value) throws RocksDBException;
  }

  /** A key's cached state: its value (null: the database has none) and whether the database has yet to get it. */
  private static final class Entry {
    byte[] value;
    boolean dirty;

    Entry(byte[] value, boolean dirty) {
      this.value = value;
      this.dirty = dirty;
    }
  }

  /** Stored keys are exact copies; one reused probe looks a buffer's prefix up without copying it. */
  private static final class Key {
    byte[] bytes;
    int length;
    int hash;

    Key set(byte[] bytes, int length) {
      this.bytes = bytes;
      this.length = length;
      int h = 1;
      for (int i = 0; i < length; i++) {
        h = 31 * h + bytes[i];
      }
      this.hash = h;
      return this;
    }

    Key copy() {
      Key k = new Key();
      k.bytes = Arrays.copyOf(bytes, length);
      k.length = length;
      k.hash = hash;
      return k;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && Arrays.equals(bytes, 0, length, k.bytes, 0, k.length);
    }
  }

  private final int capacity;
  private final WriteBack writeBack;
  private final Key probe = new Key();
  private final LinkedHashMap<Key, Entry> entries;
  private int dirty;
  private RuntimeException evictionFailure;

  ColumnCache(int capacity, WriteBack writeBack) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a state cache holds at least one entry, got " + capacity);
    }
    this.capacity = capacity;
    this.writeBack = writeBack;
    this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16) * 4 / 3 + 1, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
        if (size() <= ColumnCache.this.capacity) {
          return false;
        }
        evict(eldest.getKey(), eldest.getValue());
        return true;
      }
    };
  }

  private Entry find(byte[] key, int length) {
    return entries.get(probe.set(key, length));
  }

  /**
   * The cached value of {@code key[0, length)}: {@code MISSING} when the key is not cached, null
   * when it is known to have no value.
   */
  byte[] get(byte[] key, int length) {
    Entry e = find(key, length);
    return e == null ? MISSING : e.value;
  }

  /** Remembers what the database holds for a key just read from it ({@code value} null: nothing). */
  void loaded(byte[] key, int length, byte[] value) {
    insert(key, length, value, false);
  }

  /** Sets the key's value ({@code value} null: deletes it); the database gets it on eviction or flush. */
  void write(byte[] key, int length, byte[] value) {
    insert(key, length, value, true);
  }

  /**
   * Appends {@code element} to a cached list value ({@link RocksDbListState}'s encoding is its
   * elements' encodings one after another); false when the key is not cached, so the caller merges
   * in the database.
   */
  boolean append(byte[] key, int length, byte[] element, int elementLength) {
    Entry e = find(key, length);
    if (e == null) {
      return false;
    }
    byte[] old = e.value == null ? new byte[0] : e.value;
    byte[] joined = Arrays.copyOf(old, old.length + elementLength);
    System.arraycopy(element, 0, joined, old.length, elementLength);
    e.value = joined;
    markDirty(e);
    return true;
  }

  /** Drops the key from the cache, dirty or not (its entry was changed in the database directly). */
  void forget(byte[] key, int length) {
    Entry e = entries.remove(probe.set(key, length));
    if (e != null && e.dirty) {
      dirty--;
    }
  }

  private void insert(byte[] key, int length, byte[] value, boolean makeDirty) {
    Entry e = find(key, length);
    if (e != null) {
      e.value = value;
      if (makeDirty) {
        markDirty(e);
      }
      return;
    }
    entries.put(probe.copy(), new Entry(value, makeDirty));
    if (makeDirty) {
      dirty++;
    }
    rethrowEvictionFailure();
  }

  private void markDirty(Entry e) {
    if (!e.dirty) {
      e.dirty = true;
      dirty++;
    }
  }

  private void evict(Key key, Entry e) {
    if (!e.dirty) {
      return;
    }
    dirty--;
    try {
      writeBack.write(key.bytes, e.value);
    } catch (RocksDBException | RuntimeException ex) {
      evictionFailure = ex instanceof RuntimeException r ? r : new IllegalStateException(ex.getMessage(), ex);
    }
  }

  private void rethrowEvictionFailure() {
    if (evictionFailure != null) {
      RuntimeException f = evictionFailure;
      evictionFailure = null;
      throw f;
    }
  }

  /** Whether some write has not reached the database yet. */
  boolean hasDirty() {
    return dirty > 0;
  }

  /**
   * Adds every dirty entry to {@code batch} (for {@code column}) and counts them clean; the entries
   * stay cached. Should writing the batch fail, the task fails and restores from a checkpoint.
   */
  void flushInto(WriteBatch batch, ColumnFamilyHandle column) throws RocksDBException {
    if (dirty == 0) {
      return;
    }
    for (Map.Entry<Key, Entry> m : entries.entrySet()) {
      Entry e = m.getValue();
      if (e.dirty) {
        if (e.value == null) {
          batch.delete(column, m.getKey().bytes);
        } else {
          batch.put(column, m.getKey().bytes, e.value);
        }
        e.dirty = false;
      }
    }
    dirty = 0;
  }

  /** Forgets everything, written or not (the database it was in front of is gone). */
  void clear() {
    entries.clear();
    dirty = 0;
  }

  int size() {
    return entries.size();
  }
}
