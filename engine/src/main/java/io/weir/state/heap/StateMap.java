package io.weir.state.heap;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * One key group's entries of one state: an open-addressing hash table (linear probing,
 * backward-shift deletion) whose key and value references sit side by side in one array, with the
 * keys' hashes in a second. A lookup compares hashes first, so it fetches from memory only the key
 * it is after, and finds that key's value on the same cache line. It allocates no node per entry,
 * and copies in two array copies, which is what the copy-on-write snapshots need. Slots stay where
 * they are until the table grows or an entry is removed, so a caller may remember the slot it just
 * found and write to it directly.
 *
 * <p>While every value is a {@code Long} (counters, sums: the most common keyed state) the values
 * are kept unboxed in a {@code long[]}: an update then stores a primitive instead of a reference to
 * a new object, which spares the garbage collector's write barrier on every record. The first value
 * of another type turns the map to boxed values for good.
 */
final class StateMap {
  private static final int MIN_CAPACITY = 8;

  private int[] hashes;
  // key of slot i at 2i, its value at 2i + 1 (unused while the values are longs)
  private Object[] entries;
  // the values while they are all longs; null once a value of another type was stored
  private long[] longs;
  private int size;

  StateMap() {
    hashes = new int[MIN_CAPACITY];
    entries = new Object[2 * MIN_CAPACITY];
    longs = new long[MIN_CAPACITY];
  }

  private StateMap(int[] hashes, Object[] entries, long[] longs, int size) {
    this.hashes = hashes;
    this.entries = entries;
    this.longs = longs;
    this.size = size;
  }

  /**
   * The key's hash code with its high bits folded in, as HashMap does: keys that are close (such as
   * consecutive numbers) land in nearby slots, which keeps access to them cache-friendly.
   */
  static int hash(Object key) {
    int h = key.hashCode();
    return h ^ (h >>> 16);
  }

  int size() {
    return size;
  }

  /** The slot of {@code key}, or {@code -(free slot) - 1} when it is absent. */
  int find(Object key, int hash) {
    int mask = hashes.length - 1;
    int i = hash & mask;
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

  Object valueAt(int slot) {
    return longs != null ? (Object) longs[slot] : entries[2 * slot + 1];
  }

  void setValueAt(int slot, Object value) {
    if (longs != null) {
      if (value instanceof Long l) {
        longs[slot] = l;
        return;
      }
      box();
    }
    entries[2 * slot + 1] = value;
  }

  /** Turns to boxed values: a value that is not a long is stored. */
  private void box() {
    for (int i = 0; i < hashes.length; i++) {
      if (entries[2 * i] != null) {
        entries[2 * i + 1] = longs[i];
      }
    }
    longs = null;
  }

  Object get(Object key, int hash) {
    int slot = find(key, hash);
    return slot >= 0 ? valueAt(slot) : null;
  }

  /** Puts and returns the slot the key is in after the put (it may move when the table grows). */
  int put(Object key, int hash, Object value) {
    int slot = find(key, hash);
    if (slot >= 0) {
      setValueAt(slot, value);
      return slot;
    }
    if ((size + 1) * 4 > hashes.length * 3) {
      grow();
      slot = find(key, hash);
    }
    slot = -slot - 1;
    hashes[slot] = hash;
    entries[2 * slot] = key;
    setValueAt(slot, value);
    size++;
    return slot;
  }

  /** Removes the key if present; slots of other keys may move. */
  boolean remove(Object key, int hash) {
    int slot = find(key, hash);
    if (slot < 0) {
      return false;
    }
    int mask = hashes.length - 1;
    int hole = slot;
    int i = (slot + 1) & mask;
    while (entries[2 * i] != null) {
      int home = hashes[i] & mask;
      // move the entry at i into the hole if its home is not between the hole and i (cyclically)
      if ((i > hole && (home <= hole || home > i)) || (i < hole && home <= hole && home > i)) {
        hashes[hole] = hashes[i];
        entries[2 * hole] = entries[2 * i];
        entries[2 * hole + 1] = entries[2 * i + 1];
        if (longs != null) {
          longs[hole] = longs[i];
        }
        hole = i;
      }
      i = (i + 1) & mask;
    }
    entries[2 * hole] = null;
    entries[2 * hole + 1] = null;
    if (longs != null) {
      longs[hole] = 0;
    }
    size--;
    return true;
  }

  private void grow() {
    int[] oldHashes = hashes;
    Object[] oldEntries = entries;
    long[] oldLongs = longs;
    hashes = new int[oldHashes.length * 2];
    entries = new Object[oldEntries.length * 2];
    longs = oldLongs == null ? null : new long[hashes.length];
    int mask = hashes.length - 1;
    for (int j = 0; j < oldHashes.length; j++) {
      Object k = oldEntries[2 * j];
      if (k != null) {
        int i = oldHashes[j] & mask;
        while (entries[2 * i] != null) {
          i = (i + 1) & mask;
        }
        hashes[i] = oldHashes[j];
        entries[2 * i] = k;
        entries[2 * i + 1] = oldEntries[2 * j + 1];
        if (longs != null) {
          longs[i] = oldLongs[j];
        }
      }
    }
  }

  /** A copy with the same layout (slots stay valid in the copy). */
  StateMap copy() {
    return new StateMap(Arrays.copyOf(hashes, hashes.length), Arrays.copyOf(entries, entries.length),
        longs == null ? null : Arrays.copyOf(longs, longs.length), size);
  }

  void replaceValues(java.util.function.UnaryOperator<Object> f) {
    for (int i = 0; i < hashes.length; i++) {
      if (entries[2 * i] != null) {
        setValueAt(i, f.apply(valueAt(i)));
      }
    }
  }

  void forEach(BiConsumer<Object, Object> action) {
    for (int i = 0; i < hashes.length; i++) {
      if (entries[2 * i] != null) {
        action.accept(entries[2 * i], valueAt(i));
      }
    }
  }

  /** The keys, as a new array (safe to iterate while the map changes). */
  Object[] keys() {
    Object[] out = new Object[size];
    int n = 0;
    for (int i = 0; i < hashes.length; i++) {
      if (entries[2 * i] != null) {
        out[n++] = entries[2 * i];
      }
    }
    return out;
  }
}
