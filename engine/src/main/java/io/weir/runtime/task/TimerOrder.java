package io.weir.runtime.task;

import java.util.Arrays;

/**
 * The in-memory order of a task's timers: by timestamp, and the keys of one timestamp in the order
 * their timers were added. A binary min-heap over parallel arrays of timestamps, arrival numbers
 * and keys: adding a timer allocates nothing and boxes nothing, and a timer added after every
 * queued one of its timestamp (the usual case: windows of many keys end together) stops at once.
 */
final class TimerOrder {
  private long[] timestamps = new long[16];
  private long[] arrivals = new long[16];
  private Object[] keys = new Object[16];
  private int size;
  private long nextArrival;

  void add(long timestamp, Object key) {
    if (size == timestamps.length) {
      int capacity = size * 2;
      timestamps = Arrays.copyOf(timestamps, capacity);
      arrivals = Arrays.copyOf(arrivals, capacity);
      keys = Arrays.copyOf(keys, capacity);
    }
    long arrival = nextArrival++;
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      long pt = timestamps[parent];
      if (pt < timestamp || (pt == timestamp && arrivals[parent] < arrival)) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    set(i, timestamp, arrival, key);
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The earliest timestamp, or {@link Long#MAX_VALUE} when there is none. */
  long earliest() {
    return size == 0 ? Long.MAX_VALUE : timestamps[0];
  }

  /** Removes and returns the first key of the earliest timestamp; there must be one. */
  Object pollEarliest() {
    Object first = keys[0];
    int last = --size;
    long timestamp = timestamps[last];
    long arrival = arrivals[last];
    Object key = keys[last];
    keys[last] = null;
    if (last > 0) {
      int i = 0;
      int half = last >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        int right = child + 1;
        if (right < last && before(right, child)) {
          child = right;
        }
        long ct = timestamps[child];
        if (timestamp < ct || (timestamp == ct && arrival < arrivals[child])) {
          break;
        }
        move(child, i);
        i = child;
      }
      set(i, timestamp, arrival, key);
    }
    return first;
  }

  private boolean before(int a, int b) {
    return timestamps[a] < timestamps[b] || (timestamps[a] == timestamps[b] && arrivals[a] < arrivals[b]);
  }

  private void move(int from, int to) {
    timestamps[to] = timestamps[from];
    arrivals[to] = arrivals[from];
    keys[to] = keys[from];
  }

  private void set(int i, long timestamp, long arrival, Object key) {
    timestamps[i] = timestamp;
    arrivals[i] = arrival;
    keys[i] = key;
  }
}
