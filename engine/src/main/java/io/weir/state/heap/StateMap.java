package io.weir.state.heap;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * One key group's entries of one state: an open-addressing hash table (linear probing, keys and
 * values in two arrays, backward-shift deletion). Compared with a {@code HashMap} it allocates no
 * node per entry, keeps probes in one array, and copies in two array copies, which is what the
 * copy-on-write snapshots need. Slots stay where they are until the table grows or an entry is
 * removed, so a caller may remember the slot it just found and write to it directly.
 */
final class StateMap {
  private static final int MIN_CAPACITY = 8;

  private Object[] keys;
  private Object[] values;
  private int size;

  StateMap() {
    keys = new Object[MIN_CAPACITY];
    values = new Object[MIN_CAPACITY];
  }

  private StateMap(Object[] keys, Object[] values, int size) {
    this.keys = keys;
    this.values = values;
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
    int mask = keys.length - 1;
    int i = hash & mask;
    while (true) {
      Object k = keys[i];
      if (k == null) {
        return -i - 1;
      }
      if (k == key || k.equals(key)) {
        return i;
      }
      i = (i + 1) & mask;
    }
  }

  Object valueAt(int slot) {
    return values[slot];
  }

  void setValueAt(int slot, Object value) {
    values[slot] = value;
  }

  Object get(Object key, int hash) {
    int slot = find(key, hash);
    return slot >= 0 ? values[slot] : null;
  }

  /** Puts and returns the slot the key is in after the put (it may move when the table grows). */
  int put(Object key, int hash, Object value) {
    int slot = find(key, hash);
    if (slot >= 0) {
      values[slot] = value;
      return slot;
    }
    if ((size + 1) * 4 > keys.length * 3) {
      grow();
      slot = find(key, hash);
    }
    slot = -slot - 1;
    keys[slot] = key;
    values[slot] = value;
    size++;
    return slot;
  }

  /** Removes the key if present; slots of other keys may move. */
  boolean remove(Object key, int hash) {
    int slot = find(key, hash);
    if (slot < 0) {
      return false;
    }
    int mask = keys.length - 1;
    int hole = slot;
    int i = (slot + 1) & mask;
    while (keys[i] != null) {
      int home = hash(keys[i]) & mask;
      // move the entry at i into the hole if its home is not between the hole and i (cyclically)
      if ((i > hole && (home <= hole || home > i)) || (i < hole && home <= hole && home > i)) {
        keys[hole] = keys[i];
        values[hole] = values[i];
        hole = i;
      }
      i = (i + 1) & mask;
    }
    keys[hole] = null;
    values[hole] = null;
    size--;
    return true;
  }

  private void grow() {
    Object[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new Object[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      Object k = oldKeys[j];
      if (k != null) {
        int i = hash(k) & mask;
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = k;
        values[i] = oldValues[j];
      }
    }
  }

  /** A copy with the same layout (slots stay valid in the copy). */
  StateMap copy() {
    return new StateMap(Arrays.copyOf(keys, keys.length), Arrays.copyOf(values, values.length), size);
  }

  void replaceValues(java.util.function.UnaryOperator<Object> f) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        values[i] = f.apply(values[i]);
      }
    }
  }

  void forEach(BiConsumer<Object, Object> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        action.accept(keys[i], values[i]);
      }
    }
  }

  /** The keys, as a new array (safe to iterate while the map changes). */
  Object[] keys() {
    Object[] out = new Object[size];
    int n = 0;
    for (Object k : keys) {
      if (k != null) {
        out[n++] = k;
      }
    }
    return out;
  }
}
