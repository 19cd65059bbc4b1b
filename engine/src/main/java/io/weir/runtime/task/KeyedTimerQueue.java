package io.weir.runtime.task;

import io.weir.api.state.MapState;
import io.weir.api.state.MapStateDescriptor;
import io.weir.state.KeyedStateBackend;
import java.util.ArrayList;
import java.util.List;

/**
 * Timers of one time domain: each key's timestamps in keyed state (so a checkpoint holds them and
 * a restore at another parallelism moves them with their key group), and a {@link TimerOrder} in
 * memory that orders them. A deleted timer is removed from state at once and from the queue when
 * it comes up; a timer fires only while its state still holds it.
 */
final class KeyedTimerQueue {
  /** Fires a due timer; its key is current. */
  interface Firing {
    void fire(Object key, long timestamp) throws Exception;
  }

  private final KeyedStateBackend state;
  private final String stateName;
  private final MapState<Long, Boolean> stored;
  private final TimerOrder queue = new TimerOrder();

  KeyedTimerQueue(KeyedStateBackend state, String stateName) {
    this.state = state;
    this.stateName = stateName;
    this.stored = state.mapState(new MapStateDescriptor<>(stateName));
  }

  /** Queues every timer the (restored) keyed state holds. */
  void load() throws Exception {
    List<Object> keys = new ArrayList<>();
    state.forEachKey(stateName, keys::add);
    for (Object key : keys) {
      state.setCurrentKey(key);
      for (Long ts : stored.entries().keySet()) {
        queue.add(ts, key);
      }
    }
  }

  /** Adds a timer of {@code key}; the backend's current key is the same afterwards. */
  void add(Object key, long timestamp) {
    Object previous = swapKey(key);
    try {
      if (!stored.contains(timestamp)) {
        stored.put(timestamp, Boolean.TRUE);
        queue.add(timestamp, key);
      }
    } finally {
      restoreKey(previous, key);
    }
  }

  void delete(Object key, long timestamp) {
    Object previous = swapKey(key);
    try {
      stored.remove(timestamp);
    } finally {
      restoreKey(previous, key);
    }
  }

  private Object swapKey(Object key) {
    Object previous = state.currentKey();
    if (previous != key) {
      state.setCurrentKey(key);
    }
    return previous;
  }

  private void restoreKey(Object previous, Object key) {
    if (previous != key && previous != null) {
      state.setCurrentKey(previous);
    }
  }

  /** The earliest queued timestamp (possibly of a deleted timer), or {@link Long#MAX_VALUE}. */
  long earliest() {
    return queue.earliest();
  }

  /** Fires every timer at or before {@code time} in timestamp order, those added while firing included. */
  void fireUpTo(long time, Firing firing) throws Exception {
    while (!queue.isEmpty() && queue.earliest() <= time) {
      long timestamp = queue.earliest();
      Object key = queue.pollEarliest();
      state.setCurrentKey(key);
      if (stored.contains(timestamp)) {
        stored.remove(timestamp);
        firing.fire(key, timestamp);
      }
    }
  }
}
