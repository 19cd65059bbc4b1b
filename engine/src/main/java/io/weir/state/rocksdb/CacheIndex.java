package io.weir.state.rocksdb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A {@link ColumnCache}'s entries by their keys' bytes, and in the order they were used: an
 * open-addressing table (linear probing, backward-shift deletion) of the keys' hashes and the
 * entries, and a list through the entries from the least to the most recently used. A look-up
 * compares hashes in an {@code int[]} and reads only the entry whose hash matches, and the entry
 * holds its key's bytes: a {@code LinkedHashMap} of {@code CacheKey}s, as Weir had, read a node, a
 * key object and its bytes, three objects scattered over the heap, for each hit (on q11 with
 * RocksDB state, 19% of the window task was {@code HashMap.getNode}).
 */
final class CacheIndex {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int MIN_SLOTS = 16;

  /** What the index keeps of an entry: its key (an exact copy), the key's hash, and its neighbours in the order of use. */
  static class Node {
    byte[] key;
    int hash;
    private Node older;
    private Node newer;
  }

  private int[] hashes = new int[MIN_SLOTS];
  private Node[] slots = new Node[MIN_SLOTS];
  private int size;
  /** The least and the most recently used. */
  private Node oldest;
  private Node newest;

  /** The hash of {@code key[0, length)}, eight bytes at a time: keys share long prefixes. */
  static int hash(byte[] key, int length) {
    long h = length;
    int i = 0;
    for (; i + Long.BYTES <= length; i += Long.BYTES) {
      h = (h ^ (long) LONGS.get(key, i)) * 0x9E3779B97F4A7C15L;
    }
    for (; i < length; i++) {
      h = (h ^ key[i]) * 0x9E3779B97F4A7C15L;
    }
    return (int) (h ^ (h >>> 32));
  }

  int size() {
    return size;
  }

  /** The entry of {@code key[0, length)} (whose hash is {@code hash}), or null; it does not count as used. */
  Node find(byte[] key, int length, int hash) {
    int mask = slots.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Node n = slots[i];
      if (n == null) {
        return null;
      }
      if (hashes[i] == hash && n.key.length == length && Arrays.equals(n.key, 0, length, key, 0, length)) {
        return n;
      }
    }
  }

  /** Makes {@code n} the most recently used. */
  void used(Node n) {
    if (n != newest) {
      unlink(n);
      link(n);
    }
  }

  /** Adds {@code n} (its key and hash set, no entry with its key here) as the most recently used. */
  void add(Node n) {
    if ((size + 1) * 2 > slots.length) {
      grow();
    }
    place(n);
    size++;
    link(n);
  }

  /** Removes {@code n}, which is here. */
  void remove(Node n) {
    int mask = slots.length - 1;
    int i = n.hash & mask;
    while (slots[i] != n) {
      i = (i + 1) & mask;
    }
    // backward-shift deletion: move up each later entry of the run that may sit in the freed slot
    for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
      int home = hashes[j] & mask;
      if (((j - home) & mask) >= ((j - i) & mask)) {
        slots[i] = slots[j];
        hashes[i] = hashes[j];
        i = j;
      }
    }
    slots[i] = null;
    hashes[i] = 0;
    size--;
    unlink(n);
  }

  /** The least recently used, or null. */
  Node oldest() {
    return oldest;
  }

  /** The entry used next after {@code n}, or null; {@code n} may be removed after this is read. */
  static Node newer(Node n) {
    return n.newer;
  }

  void clear() {
    Arrays.fill(slots, null);
    Arrays.fill(hashes, 0);
    size = 0;
    oldest = null;
    newest = null;
  }

  private void place(Node n) {
    int mask = slots.length - 1;
    int i = n.hash & mask;
    while (slots[i] != null) {
      i = (i + 1) & mask;
    }
    slots[i] = n;
    hashes[i] = n.hash;
  }

  private void grow() {
    Node[] old = slots;
    slots = new Node[old.length * 2];
    hashes = new int[old.length * 2];
    for (Node n : old) {
      if (n != null) {
        place(n);
      }
    }
  }

  private void link(Node n) {
    n.older = newest;
    n.newer = null;
    if (newest == null) {
      oldest = n;
    } else {
      newest.newer = n;
    }
    newest = n;
  }

  private void unlink(Node n) {
    if (n.older == null) {
      oldest = n.newer;
    } else {
      n.older.newer = n.newer;
    }
    if (n.newer == null) {
      newest = n.older;
    } else {
      n.newer.older = n.older;
    }
    n.older = null;
    n.newer = null;
  }
}
