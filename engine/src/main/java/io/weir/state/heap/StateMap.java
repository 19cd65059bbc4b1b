package io.weir.state.heap;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * One key group's entries of one state: an open-addressing hash table (linear probing,
 * backward-shift deletion). It allocates no node per entry, copies in a few array copies (what the
 * copy-on-write snapshots need), and keeps a slot where it is until the table grows or an entry is
 * removed, so a caller may remember the slot it just found and write to it directly.
 *
 * <p>Three layouts. While every key and every value is a {@code Long} (a count or a sum per numeric
 * key, the most common keyed state), keys and values are kept unboxed side by side in one
 * {@code long[]}: a lookup then reads one cache line and follows no pointer, and an update stores a
 * primitive rather than a reference to a new object (sparing the garbage collector's write
 * barrier). The first value of another type (a list, an accumulator) keeps the keys where they are
 * and moves the values to an {@code Object[]} (slot i's at 2i + 1; the value half of the key's long
 * pair is left unused): a lookup still compares unboxed keys instead of following a pointer to a
 * {@code Long} in the old generation, which costs a cache miss on most hits. The first key of
 * another type turns the map to the general layout for good: the keys' hashes in an {@code int[]}
 * (compared first, so a probe fetches only the key it is after) and key and value references side
 * by side in an {@code Object[]}.
 */
final class StateMap {
  private static final int MIN_CAPACITY = 8;

  private int capacity;
  private int size;

  // the long-key layouts: key of slot i at 2i, its long value at 2i + 1 (while entries is null); used[] marks occupied slots
  private long[] longs;
  private long[] used;

  // the general layout: hash of slot i; key at 2i and value at 2i + 1 (the long-key layout with objects: values only)
  private int[] hashes;
  private Object[] entries;

  StateMap() {
    capacity = MIN_CAPACITY;
    longs = new long[2 * MIN_CAPACITY];
    used = new long[(MIN_CAPACITY + 63) / 64];
  }

  private StateMap(StateMap other) {
    capacity = other.capacity;
    size = other.size;
    if (other.longs != null) {
      longs = Arrays.copyOf(other.longs, other.longs.length);
      used = Arrays.copyOf(other.used, other.used.length);
    } else {
      hashes = Arrays.copyOf(other.hashes, other.hashes.length);
    }
    if (other.entries != null) {
      entries = Arrays.copyOf(other.entries, other.entries.length);
    }
  }

  /**
   * The key's hash code with its high bits folded in, as HashMap does: keys that are close (such as
   * consecutive numbers) land in nearby slots, which keeps access to them cache-friendly.
   */
  static int hash(Object key) {
    int h = key.hashCode();
    return h ^ (h >>> 16);
  }

  private static int hashOfLong(long key) {
    int h = Long.hashCode(key);
    return h ^ (h >>> 16);
  }

  int size() {
    return size;
  }

  /** The number of slots (entries are in some of them); with {@link #occupied} and {@link #keyAt}, a walk over slots. */
  int capacity() {
    return capacity;
  }

  boolean occupied(int slot) {
    return longs != null ? (used[slot >>> 6] & (1L << slot)) != 0 : entries[2 * slot] != null;
  }

  /** The slot of {@code key}, or {@code -(free slot) - 1} when it is absent. */
  int find(Object key, int hash) {
    int mask = capacity - 1;
    int i = hash & mask;
    if (longs != null) {
      return key instanceof Long l ? findLong(l) : findAbsent(i);
    }
    while (true) {
      Object k = entries[2 * i];
      if (k == null) {
        return -i - 1;
      }
      if (hashes[i] == hash && (k == key || k.equals(key))) {
        return i;
      }
      i = (i + 1) & mask;
    }
  }

  /** A key that is not a long is in no slot of the long layout: the free slot it would go to. */
  private int findAbsent(int i) {
    int mask = capacity - 1;
    while ((used[i >>> 6] & (1L << i)) != 0) {
      i = (i + 1) & mask;
    }
    return -i - 1;
  }

  Object valueAt(int slot) {
    return entries != null ? entries[2 * slot + 1] : (Object) longs[2 * slot + 1];
  }

  /** Sets the value of the key in {@code slot}; returns the key's slot after (it stays: a value's type moves no key). */
  int setValueAt(int slot, Object value) {
    if (entries == null) {
      if (value instanceof Long l) {
        longs[2 * slot + 1] = l;
        return slot;
      }
      toObjectValues();
    }
    entries[2 * slot + 1] = value;
    return slot;
  }

  Object get(Object key, int hash) {
    int slot = find(key, hash);
    return slot >= 0 ? valueAt(slot) : null;
  }

  /** Puts and returns the slot the key is in after the put (it may move when the table grows). */
  int put(Object key, int hash, Object value) {
    if (longs != null) {
      if (key instanceof Long l) {
        return putLongKey(l, value);
      }
      toGeneral();
    }
    int slot = find(key, hash);
    if (slot >= 0) {
      entries[2 * slot + 1] = value;
      return slot;
    }
    if ((size + 1) * 4 > capacity * 3) {
      grow();
      slot = find(key, hash);
    }
    slot = -slot - 1;
    hashes[slot] = hash;
    entries[2 * slot] = key;
    entries[2 * slot + 1] = value;
    size++;
    return slot;
  }

  /** The slot of {@code key} in a long-key layout, or {@code -(free slot) - 1} when it is absent. */
  private int findLong(long key) {
    int mask = capacity - 1;
    int i = hashOfLong(key) & mask;
    while ((used[i >>> 6] & (1L << i)) != 0) {
      if (longs[2 * i] == key) {
        return i;
      }
      i = (i + 1) & mask;
    }
    return -i - 1;
  }

  /** The slot of {@code key} in a long-key layout, taken for it if it was absent (the table grows first when it must). */
  private int claimLong(long key) {
    int slot = findLong(key);
    if (slot >= 0) {
      return slot;
    }
    if ((size + 1) * 4 > capacity * 3) {
      grow();
      slot = findLong(key);
    }
    slot = -slot - 1;
    used[slot >>> 6] |= 1L << slot;
    longs[2 * slot] = key;
    size++;
    return slot;
  }

  /** Puts an entry of two longs without boxing them while the map is in the long layout (a restore's long entries). */
  void putLong(long key, long value) {
    if (longLayout()) {
      int slot = claimLong(key); // before naming the array: claiming may grow it
      longs[2 * slot + 1] = value;
    } else {
      putLongKey(key, value);
    }
  }

  /** Puts an entry with a long key, unboxed while the keys are kept as longs; returns its slot, as {@link #put} does. */
  int putLongKey(long key, Object value) {
    if (longs == null) {
      Long boxed = key;
      return put(boxed, hash(boxed), value);
    }
    if (entries == null && !(value instanceof Long)) {
      toObjectValues(); // the keys stay in their slots
    }
    int slot = claimLong(key);
    if (entries == null) {
      longs[2 * slot + 1] = (Long) value;
    } else {
      entries[2 * slot + 1] = value;
    }
    return slot;
  }

  private int homeOf(int slot) {
    return (longs != null ? hashOfLong(longs[2 * slot]) : hashes[slot]) & (capacity - 1);
  }

  private void move(int from, int to) {
    if (longs != null) {
      longs[2 * to] = longs[2 * from];
      longs[2 * to + 1] = longs[2 * from + 1];
      used[to >>> 6] |= 1L << to;
    } else {
      hashes[to] = hashes[from];
    }
    if (entries != null) {
      entries[2 * to] = entries[2 * from];
      entries[2 * to + 1] = entries[2 * from + 1];
    }
  }

  private void clear(int slot) {
    if (longs != null) {
      used[slot >>> 6] &= ~(1L << slot);
      longs[2 * slot] = 0;
      longs[2 * slot + 1] = 0;
    }
    if (entries != null) {
      entries[2 * slot] = null;
      entries[2 * slot + 1] = null;
    }
  }

  /** Removes the key if present; slots of other keys may move. */
  boolean remove(Object key, int hash) {
    int slot = find(key, hash);
    if (slot >= 0) {
      removeAt(slot);
    }
    return slot >= 0;
  }

  /** Removes the entry in {@code slot} (found a moment ago); slots of other keys may move. */
  void removeAt(int slot) {
    int mask = capacity - 1;
    int hole = slot;
    int i = (slot + 1) & mask;
    while (occupied(i)) {
      int home = homeOf(i);
      // move the entry at i into the hole if its home is not between the hole and i (cyclically)
      if ((i > hole && (home <= hole || home > i)) || (i < hole && home <= hole && home > i)) {
        move(i, hole);
        hole = i;
      }
      i = (i + 1) & mask;
    }
    clear(hole);
    size--;
  }

  /**
   * Makes room for {@code more} entries while the map is empty (a restore knows how many come), so
   * that the table is allocated once rather than grown and copied a dozen times.
   */
  void reserve(int more) {
    if (size > 0 || more * 4L <= capacity * 3L) {
      return;
    }
    int target = capacity;
    while (more * 4L > target * 3L && target < (1 << 29)) {
      target *= 2;
    }
    capacity = target;
    if (longs != null) {
      longs = new long[2 * capacity];
      used = new long[(capacity + 63) / 64];
    } else {
      hashes = new int[capacity];
    }
    if (entries != null) {
      entries = new Object[2 * capacity];
    }
  }

  private void grow() {
    StateMap old = new StateMap(this);
    capacity *= 2;
    size = 0;
    if (longs != null) {
      longs = new long[2 * capacity];
      used = new long[(capacity + 63) / 64];
      if (entries == null) {
        old.forEachLong(this::putLong);
        return;
      }
    } else {
      hashes = new int[capacity];
    }
    entries = new Object[2 * capacity];
    old.forEach((k, v) -> put(k, hash(k), v));
  }

  /** Keeps the long keys in their slots and moves the values to references: a value that is not a long arrived. */
  private void toObjectValues() {
    entries = new Object[2 * capacity];
    for (int i = 0; i < capacity; i++) {
      if ((used[i >>> 6] & (1L << i)) != 0) {
        entries[2 * i + 1] = longs[2 * i + 1];
        longs[2 * i + 1] = 0;
      }
    }
  }

  /** Turns to the general layout: a key that is not a long arrived. */
  private void toGeneral() {
    StateMap old = new StateMap(this);
    longs = null;
    used = null;
    hashes = new int[capacity];
    entries = new Object[2 * capacity];
    size = 0;
    old.forEach((k, v) -> put(k, hash(k), v));
  }

  /** A copy with the same layout (slots stay valid in the copy). */
  StateMap copy() {
    return new StateMap(this);
  }


  void forEach(BiConsumer<Object, Object> action) {
    for (int i = 0; i < capacity; i++) {
      if (occupied(i)) {
        action.accept(keyAt(i), valueAt(i));
      }
    }
  }

  /** Whether keys and values are kept as longs (written to snapshots as raw numbers). */
  boolean longLayout() {
    return longs != null && entries == null;
  }

  /** Whether the keys are kept as longs and the values as references. */
  boolean longKeyLayout() {
    return longs != null && entries != null;
  }

  /** Receives unboxed entries. */
  @FunctionalInterface
  interface LongEntryConsumer {
    void accept(long key, long value);
  }

  /** Calls {@code action} with every entry; only in the long layout. */
  void forEachLong(LongEntryConsumer action) {
    for (int i = 0; i < capacity; i++) {
      if ((used[i >>> 6] & (1L << i)) != 0) {
        action.accept(longs[2 * i], longs[2 * i + 1]);
      }
    }
  }

  Object keyAt(int slot) {
    return longs != null ? (Object) longs[2 * slot] : entries[2 * slot];
  }

  /** The keys, as a new array (safe to iterate while the map changes). */
  Object[] keys() {
    Object[] out = new Object[size];
    int n = 0;
    for (int i = 0; i < capacity; i++) {
      if (occupied(i)) {
        out[n++] = keyAt(i);
      }
    }
    return out;
  }
}
