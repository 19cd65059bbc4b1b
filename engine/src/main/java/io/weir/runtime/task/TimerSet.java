package io.weir.runtime.task;

/**
 * The timers of one {@link KeyedTimerQueue} by key and timestamp: which are live, and which keyed
 * state has yet to learn of (added since the last {@link #persist}, or gone though it still holds
 * them). An open-addressing table over parallel arrays (linear probing, backward-shift deletion):
 * adding, deleting and firing a timer allocate nothing and compare a hash and a timestamp before
 * they look at a key, where a {@code HashSet} of timer records allocated a record and a node per
 * timer and followed two pointers per probe.
 */
final class TimerSet {
  /** What keyed state is told by {@link #persist}. */
  interface Changes {
    void added(Object key, long timestamp);

    void removed(Object key, long timestamp);
  }

  private static final byte LIVE = 1;
  /** Keyed state's view of the timer is not what {@link #LIVE} says. */
  private static final byte UNPERSISTED = 2;

  private Object[] keys = new Object[16];
  private long[] timestamps = new long[16];
  private int[] hashes = new int[16];
  /** 0: a free slot; else {@link #LIVE} and {@link #UNPERSISTED} bits. */
  private byte[] flags = new byte[16];
  private int size;

  private static int hash(Object key, long timestamp) {
    int h = key.hashCode() * 31 + Long.hashCode(timestamp);
    return h ^ (h >>> 16);
  }

  /** The slot of the timer, or {@code -(free slot) - 1}. */
  private int find(Object key, long timestamp, int hash) {
    int mask = keys.length - 1;
    int i = hash & mask;
    while (flags[i] != 0) {
      if (hashes[i] == hash && timestamps[i] == timestamp && (keys[i] == key || keys[i].equals(key))) {
        return i;
      }
      i = (i + 1) & mask;
    }
    return -i - 1;
  }

  /** Makes the timer live; false when it was live already. */
  boolean add(Object key, long timestamp) {
    int hash = hash(key, timestamp);
    int slot = find(key, timestamp, hash);
    if (slot >= 0) {
      if ((flags[slot] & LIVE) != 0) {
        return false;
      }
      flags[slot] = LIVE; // gone and back before keyed state learnt it went: it holds the timer still
      return true;
    }
    if ((size + 1) * 4 > keys.length * 3) {
      grow();
      slot = find(key, timestamp, hash);
    }
    slot = -slot - 1;
    keys[slot] = key;
    timestamps[slot] = timestamp;
    hashes[slot] = hash;
    flags[slot] = LIVE | UNPERSISTED;
    size++;
    return true;
  }

  /** Makes the live timer gone; false when it was not live. */
  boolean remove(Object key, long timestamp) {
    int slot = find(key, timestamp, hash(key, timestamp));
    if (slot < 0 || (flags[slot] & LIVE) == 0) {
      return false;
    }
    if ((flags[slot] & UNPERSISTED) != 0) {
      removeAt(slot); // added and gone between two snapshots: keyed state never learns of it
    } else {
      flags[slot] = UNPERSISTED; // keyed state holds it: it must be told
    }
    return true;
  }

  boolean isLive(Object key, long timestamp) {
    int slot = find(key, timestamp, hash(key, timestamp));
    return slot >= 0 && (flags[slot] & LIVE) != 0;
  }

  /** The live timers and the gone ones keyed state still holds. */
  int size() {
    return size;
  }

  /** Tells {@code changes} what keyed state has yet to learn, and forgets the timers that are gone. */
  void persist(Changes changes) {
    boolean removed = false;
    for (int i = 0; i < keys.length; i++) {
      if ((flags[i] & UNPERSISTED) == 0) {
        continue;
      }
      if ((flags[i] & LIVE) != 0) {
        changes.added(keys[i], timestamps[i]);
        flags[i] = LIVE;
      } else {
        changes.removed(keys[i], timestamps[i]);
        flags[i] = 0;
        keys[i] = null;
        size--;
        removed = true;
      }
    }
    if (removed) {
      rehash(capacityFor(size)); // the freed slots broke probe chains; and the table shrinks after a burst of timers
    }
  }

  private void removeAt(int slot) {
    int mask = keys.length - 1;
    int hole = slot;
    int i = (slot + 1) & mask;
    while (flags[i] != 0) {
      int home = hashes[i] & mask;
      // move the entry at i into the hole if its home is not between the hole and i (cyclically)
      if ((i > hole && (home <= hole || home > i)) || (i < hole && home <= hole && home > i)) {
        keys[hole] = keys[i];
        timestamps[hole] = timestamps[i];
        hashes[hole] = hashes[i];
        flags[hole] = flags[i];
        hole = i;
      }
      i = (i + 1) & mask;
    }
    keys[hole] = null;
    flags[hole] = 0;
    size--;
  }

  private static int capacityFor(int entries) {
    int capacity = 16;
    while (capacity < 2 * entries) {
      capacity *= 2;
    }
    return capacity;
  }

  private void grow() {
    rehash(keys.length * 2);
  }

  private void rehash(int capacity) {
    Object[] oldKeys = keys;
    long[] oldTimestamps = timestamps;
    int[] oldHashes = hashes;
    byte[] oldFlags = flags;
    keys = new Object[capacity];
    timestamps = new long[capacity];
    hashes = new int[capacity];
    flags = new byte[capacity];
    int mask = capacity - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldFlags[j] != 0) {
        int i = oldHashes[j] & mask;
        while (flags[i] != 0) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        timestamps[i] = oldTimestamps[j];
        hashes[i] = oldHashes[j];
        flags[i] = oldFlags[j];
      }
    }
  }
}
