package io.weir.state.rocksdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The most recently used entries of one state's column family, as RocksDB bytes, in front of the
 * database: a read of a cached key (present or known absent) makes no RocksDB call, and a write
 * stays here, dirty, until it is evicted (least recently used first, past its bounds of entries
 * and of bytes) or {@link #flushInto flushed} (before a snapshot, and before anything iterates the
 * column). So a key read and written by consecutive records costs one RocksDB read and one write,
 * not one of each per record. Values are never mutated once cached. A value state's entry also
 * keeps its value decoded ({@link #decoded}, {@link #writeDecoded}), so a key read and written by
 * consecutive records is decoded once and encoded once, when it is written back: the state then
 * hands out the object it was given, as the heap backend does. A key known to be absent from the
 * database (read as absent, or deleted there) and then written and deleted in the cache alone (a
 * window's contents, from its first record to its firing) costs the database no delete when it is
 * evicted or flushed. An element added to a list that is not cached is cached too, as a list
 * whose first elements are still in the database: it reaches the database as one merge when it is
 * evicted or flushed, and a read joins the two, so adding to a list makes no RocksDB call. Used by
 * the task's thread only.
 */
final class ColumnCache {
  /** A value no entry has: {@link #get} returns it for a key that is not cached. */
  static final byte[] MISSING = new byte[0];
  /** What {@link #decoded} returns for a key that is not cached. */
  static final Object NOT_CACHED = new Object();
  /**
   * What an entry whose value's size is not known yet is taken to cost, until it is encoded, before
   * the cache has encoded any value; then the mean of the values it encoded, if that is more.
   */
  static final int UNKNOWN_VALUE_BYTES = 64;

  /** Encodes a value kept decoded, when the database is to get it. */
  interface Encoder {
    byte[] encode(Object value);
  }

  /** Decodes a cached value, the first time it is read as an object. */
  interface Decoder {
    Object decode(byte[] value);
  }

  /** Writes one evicted dirty entry to the database ({@code value} null: delete it; {@code append}: merge it, a list's last elements). */
  interface WriteBack {
    void write(byte[] key, byte[] value, boolean append) throws RocksDBException;
  }

  /**
   * A key's cached state: its value (null and no decoded value: the database has none), whether the
   * database has yet to get it, and the value decoded (null: not decoded), which, when
   * {@code stale}, is newer than {@code value} and is encoded before it is used as bytes.
   * {@code accounted} is the value's bytes counted in the cache's bytes. {@code stored}: whether
   * the database may hold a value for the key (false only when it is known not to).
   * {@code partial}: {@code value} is only what was appended to a list since, the elements before
   * them being in the database.
   */
  private static final class Entry extends CacheIndex.Node {
    byte[] value;
    boolean dirty;
    Object decoded;
    boolean stale;
    int accounted;
    boolean stored = true;
    boolean partial;

    Entry(byte[] value, boolean dirty) {
      this.value = value;
      this.dirty = dirty;
      this.accounted = value == null ? 0 : value.length;
    }

    /** Whether the database must be written for the entry to be clean: a delete of a key it does not hold need not be. */
    boolean mustWrite() {
      return value != null || stored;
    }
  }

  /** What an entry is taken to cost beyond its key's and value's bytes (the entry, the index's slots, the arrays' headers). */
  static final int ENTRY_OVERHEAD = 96;

  private final int capacity;
  private final long maxBytes;
  private final WriteBack writeBack;
  private final Encoder encoder;
  // the key looked up last, which a new entry is cached under
  private byte[] probeKey;
  private int probeLength;
  private int probeHash;
  private Entry lastFound;
  private final CacheIndex entries = new CacheIndex();
  private long bytes;
  private int dirty;
  /** The values encoded so far and their bytes, for what a value not encoded yet is taken to cost. */
  private long encodedValues;
  private long encodedBytes;
  /** The elements of the lists kept decoded that were encoded so far and their bytes, likewise for an element added as an object. */
  private long encodedElements;
  private long encodedElementBytes;

  /**
   * @param capacity the entries it holds at most
   * @param maxBytes the bytes of keys and values (and {@link #ENTRY_OVERHEAD} per entry) it holds at most
   */
  ColumnCache(int capacity, long maxBytes, WriteBack writeBack, Encoder encoder) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a state cache holds at least one entry, got " + capacity);
    }
    this.capacity = capacity;
    this.maxBytes = maxBytes;
    this.writeBack = writeBack;
    this.encoder = encoder;
  }

  /**
   * The key's entry, or null. The entry found last is checked first, by its bytes, without
   * hashing them or probing the map: a record reads its key's value and then writes it. (It is the
   * most recently used entry already, so skipping the map's reordering loses nothing.)
   */
  private Entry find(byte[] key, int length) {
    Entry last = lastFound;
    if (last != null && last.key.length == length && Arrays.equals(last.key, 0, length, key, 0, length)) {
      return last;
    }
    probeKey = key;
    probeLength = length;
    probeHash = CacheIndex.hash(key, length);
    Entry e = (Entry) entries.find(key, length, probeHash);
    if (e != null) {
      entries.used(e);
      lastFound = e;
    }
    return e;
  }

  /** Caches a new entry under a copy of the key last looked up. */
  private void remember(Entry e) {
    e.key = Arrays.copyOf(probeKey, probeLength);
    e.hash = probeHash;
    entries.add(e);
    lastFound = e;
  }

  /** An entry leaves the cache. */
  private void forgetting(Entry e) {
    if (e == lastFound) {
      lastFound = null;
    }
  }

  /**
   * The cached value of {@code key[0, length)}: {@link #MISSING} when the key is not cached, null
   * when it is known to have no value.
   */
  byte[] get(byte[] key, int length) {
    Entry e = find(key, length);
    return e == null || e.partial ? MISSING : encoded(e);
  }

  /**
   * The cached value of {@code key[0, length)} as an object, decoded by {@code decoder} on its
   * first read: {@link #NOT_CACHED} when the key is not cached, null when it is known to have no value.
   */
  Object decoded(byte[] key, int length, Decoder decoder) {
    Entry e = find(key, length);
    if (e == null || e.partial) {
      return NOT_CACHED;
    }
    if (e.decoded == null && e.value != null) {
      e.decoded = decoder.decode(e.value);
    }
    return e.decoded;
  }

  /**
   * Sets the key's value to {@code value} (not null), kept as it is; it is encoded when the database
   * is to get it. {@code empty}: the database is known to hold no value for the key.
   */
  void writeDecoded(byte[] key, int length, Object value, boolean empty) throws RocksDBException {
    Entry e = find(key, length);
    int size = knownSize(value);
    if (e == null) {
      e = new Entry(null, false);
      e.stored = !empty;
      e.accounted = size < 0 ? unknownValueBytes() : size;
      remember(e);
      bytes += cost(length, e.accounted);
    } else if (size >= 0) {
      bytes += size - e.accounted;
      e.accounted = size;
    }
    e.value = null;
    e.decoded = value;
    e.stale = true;
    e.partial = false;
    markDirty(e);
    trim();
  }

  /**
   * The bytes a value kept decoded is known to cost without encoding it (a byte array's, a
   * string's characters), or -1: a large value of either must not pass for a small one, or a
   * cache of many entries could hold far more than its bytes allow.
   */
  private static int knownSize(Object value) {
    if (value instanceof byte[] b) {
      return b.length;
    }
    return value instanceof String str ? str.length() : -1;
  }

  private int unknownValueBytes() {
    return encodedValues == 0 ? UNKNOWN_VALUE_BYTES : (int) Math.max(UNKNOWN_VALUE_BYTES, encodedBytes / encodedValues);
  }

  /** The entry's value as bytes, encoding its decoded value first when that is newer. */
  private byte[] encoded(Entry e) {
    if (e.stale) {
      e.value = encoder.encode(e.decoded);
      if (e.decoded instanceof DecodedList list) {
        encodedElements += list.size();
        encodedElementBytes += e.value.length;
      } else {
        encodedValues++;
        encodedBytes += e.value.length;
      }
      e.stale = false;
      bytes += e.value.length - e.accounted;
      e.accounted = e.value.length;
    }
    return e.value;
  }

  /**
   * Remembers what the database holds for a key just read from it ({@code value} null: nothing)
   * and returns the key's value: {@code value}, followed by what was appended to it here since.
   */
  byte[] loaded(byte[] key, int length, byte[] value) throws RocksDBException {
    return load(key, length, value).value;
  }

  /**
   * {@link #loaded} for a value read as an object: remembers it and returns it decoded by
   * {@code decoder} (null when the database has no value), kept decoded.
   */
  Object loadedDecoded(byte[] key, int length, byte[] value, Decoder decoder) throws RocksDBException {
    Entry e = load(key, length, value);
    if (e.value != null && e.decoded == null) {
      e.decoded = decoder.decode(e.value);
    }
    return e.value == null ? null : e.decoded;
  }

  private Entry load(byte[] key, int length, byte[] value) throws RocksDBException {
    Entry e = find(key, length);
    if (e != null && e.partial) {
      byte[] joined = value == null ? e.value : join(value, value.length, e.value, e.value.length);
      bytes += joined.length - e.accounted;
      e.accounted = joined.length;
      e.value = joined;
      e.partial = false;
      e.stored = value != null; // still dirty: the appended elements have not reached the database
      trim();
      return e;
    }
    e = insert(e, length, value, false);
    e.stored = value != null;
    return e;
  }

  private static byte[] join(byte[] first, int firstLength, byte[] second, int secondLength) {
    byte[] joined = Arrays.copyOf(first, firstLength + secondLength);
    System.arraycopy(second, 0, joined, firstLength, secondLength);
    return joined;
  }

  /** Sets the key's value ({@code value} null: deletes it); the database gets it on eviction or flush. */
  void write(byte[] key, int length, byte[] value) throws RocksDBException {
    insert(key, length, value, true);
  }

  /**
   * Appends {@code element} to a list value ({@link RocksDbListState}'s encoding is its elements'
   * encodings one after another): to the cached list, or, when the key is not cached, to a list of
   * the elements appended here, which the database's list is joined with when it is read.
   */
  void append(byte[] key, int length, byte[] element, int elementLength, boolean empty) throws RocksDBException {
    Entry e = find(key, length);
    if (e == null) {
      e = new Entry(Arrays.copyOf(element, elementLength), true);
      e.partial = !empty; // a list the database is known not to hold is all here
      e.stored = !empty;
      remember(e);
      bytes += cost(length, elementLength);
      dirty++;
      trim();
      return;
    }
    byte[] current = encoded(e);
    e.decoded = null;
    e.value = current == null ? Arrays.copyOf(element, elementLength) : join(current, current.length, element, elementLength);
    e.accounted += elementLength;
    bytes += elementLength;
    markDirty(e);
    trim();
  }

  /**
   * A list kept decoded: what a list state's decoder makes of its bytes, and what
   * {@link #appendDecoded} starts; elements are added to it in place, and it is encoded (by the
   * column's encoder, as a list) only when the database is to get it.
   */
  static final class DecodedList extends ArrayList<Object> {
    DecodedList() {
    }

    DecodedList(Collection<?> elements) {
      super(elements);
    }
  }

  /**
   * Appends {@code element} to the key's list when the cache keeps it decoded (read as objects, or
   * started by this method), without encoding anything: true when it did. False when the list is
   * kept as bytes, or is not cached and may be in the database: the caller appends the element's
   * bytes ({@link #append}) instead. {@code empty}: the database is known to hold no list for the key.
   */
  boolean appendDecoded(byte[] key, int length, Object element, boolean empty) throws RocksDBException {
    Entry e = find(key, length);
    int size = knownSize(element);
    if (size < 0) {
      size = encodedElements == 0 ? UNKNOWN_VALUE_BYTES
          : (int) Math.max(UNKNOWN_VALUE_BYTES, encodedElementBytes / encodedElements);
    }
    if (e == null) {
      if (!empty) {
        return false;
      }
      e = new Entry(null, false);
      e.stored = false;
      e.decoded = new DecodedList();
      remember(e);
      bytes += cost(length, 0);
    } else if (e.partial || !(e.decoded instanceof DecodedList) && (e.value != null || e.decoded != null)) {
      return false;
    } else if (e.decoded == null) {
      e.decoded = new DecodedList(); // the key is known to hold no list
    }
    ((DecodedList) e.decoded).add(element);
    e.stale = true;
    e.accounted += size;
    bytes += size;
    markDirty(e);
    trim();
    return true;
  }

  /** Drops the key from the cache, dirty or not (its entry was changed in the database directly). */
  void forget(byte[] key, int length) {
    Entry e = (Entry) entries.find(key, length, CacheIndex.hash(key, length));
    if (e != null) {
      entries.remove(e);
      forgetting(e);
      bytes -= cost(length, e.accounted);
      if (e.dirty) {
        dirty--;
      }
    }
  }

  private static long cost(int keyLength, int valueLength) {
    return ENTRY_OVERHEAD + keyLength + valueLength;
  }

  private Entry insert(byte[] key, int length, byte[] value, boolean makeDirty) throws RocksDBException {
    return insert(find(key, length), length, value, makeDirty);
  }

  /** Sets the value of the key last looked up (whose entry is {@code e}, null when it is not cached). */
  private Entry insert(Entry e, int length, byte[] value, boolean makeDirty) throws RocksDBException {
    int size = value == null ? 0 : value.length;
    if (e != null) {
      bytes += size - e.accounted;
      e.accounted = size;
      e.value = value;
      e.decoded = null;
      e.stale = false;
      e.partial = false; // the whole value, whatever was appended before
      if (makeDirty) {
        markDirty(e);
      }
    } else {
      e = new Entry(value, makeDirty);
      remember(e);
      bytes += cost(length, size);
      if (makeDirty) {
        dirty++;
      }
    }
    trim();
    return e;
  }

  private void markDirty(Entry e) {
    if (!e.dirty) {
      e.dirty = true;
      dirty++;
    }
  }

  /** Evicts the least recently used entries, writing the dirty ones back, until it is within its bounds. */
  private void trim() throws RocksDBException {
    if (entries.size() <= capacity && bytes <= maxBytes) {
      return;
    }
    while ((entries.size() > capacity || bytes > maxBytes) && entries.oldest() != null) {
      Entry e = (Entry) entries.oldest();
      byte[] value = encoded(e);
      entries.remove(e);
      forgetting(e);
      bytes -= cost(e.key.length, e.accounted);
      if (e.dirty) {
        dirty--;
        if (e.mustWrite()) {
          writeBack.write(e.key, value, e.partial);
        }
      }
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
    for (CacheIndex.Node n = entries.oldest(); n != null; ) {
      Entry e = (Entry) n;
      n = CacheIndex.newer(e);
      if (e.dirty && e.partial) {
        batch.merge(column, e.key, e.value);
        entries.remove(e); // the database has the whole list now; what was appended here is no value on its own
        forgetting(e);
        bytes -= cost(e.key.length, e.accounted);
      } else if (e.dirty) {
        byte[] value = encoded(e);
        if (value != null) {
          batch.put(column, e.key, value);
        } else if (e.stored) {
          batch.delete(column, e.key);
        }
        e.stored = value != null;
        e.dirty = false;
      }
    }
    dirty = 0;
  }

  /** Forgets everything, written or not (the database it was in front of is gone). */
  void clear() {
    entries.clear();
    lastFound = null;
    bytes = 0;
    dirty = 0;
  }

  int size() {
    return entries.size();
  }
}
