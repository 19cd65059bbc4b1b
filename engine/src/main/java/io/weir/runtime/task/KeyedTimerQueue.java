package io.weir.runtime.task;

import io.weir.api.state.MapState;
import io.weir.api.state.MapStateDescriptor;
import io.weir.state.KeyedStateBackend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Timers of one time domain, on the heap: the set of live timers, and a {@link TimerOrder} that
 * orders them (a deleted timer leaves the set at once and the order when it comes up; a timer fires
 * only while the set still holds it). Checkpoints find them in keyed state, each key's timestamps
 * under the queue's state name, so a restore at another parallelism moves them with their key
 * group: {@link #persist} writes what changed since it last ran there, before each snapshot, and
 * {@link #load} reads them back. Between snapshots adding, deleting and firing a timer touch no
 * state, as with Flink's heap timers on its RocksDB backend.
 */
final class KeyedTimerQueue {
  /** Fires a due timer; its key is current. */
  interface Firing {
    void fire(Object key, long timestamp) throws Exception;
  }

  private record Timer(Object key, long timestamp) {
  }

  private final KeyedStateBackend state;
  private final String stateName;
  private final MapState<Long, Boolean> stored;
  private final TimerOrder queue = new TimerOrder();
  private final Set<Timer> live = new HashSet<>();
  /**
   * The timers whose presence in keyed state is not what {@link #live} says: true, to be added
   * there; false, to be removed from there. A timer added and gone again between two snapshots
   * never reaches keyed state.
   */
  private final Map<Timer, Boolean> unpersisted = new HashMap<>();

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
        if (live.add(new Timer(key, ts))) {
          queue.add(ts, key);
        }
      }
    }
  }

  /** Adds a timer of {@code key}, unless it has one at {@code timestamp} already. */
  void add(Object key, long timestamp) {
    Timer t = new Timer(key, timestamp);
    if (live.add(t)) {
      changed(t, true);
      queue.add(timestamp, key);
    }
  }

  void delete(Object key, long timestamp) {
    Timer t = new Timer(key, timestamp);
    if (live.remove(t)) {
      changed(t, false);
    }
  }

  /** Records that {@code t} is now live or gone: a change undoing one not yet persisted cancels it. */
  private void changed(Timer t, boolean isLive) {
    if (unpersisted.remove(t) == null) {
      unpersisted.put(t, isLive);
    }
  }

  /** Writes the timers added and removed since the last call to keyed state; the backend's current key is the same afterwards. */
  void persist() {
    if (unpersisted.isEmpty()) {
      return;
    }
    Object previous = state.currentKey();
    for (Map.Entry<Timer, Boolean> e : unpersisted.entrySet()) {
      state.setCurrentKey(e.getKey().key());
      if (e.getValue()) {
        stored.put(e.getKey().timestamp(), Boolean.TRUE);
      } else {
        stored.remove(e.getKey().timestamp());
      }
    }
    unpersisted.clear();
    if (previous != null) {
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
      Timer t = new Timer(key, timestamp);
      if (live.remove(t)) {
        changed(t, false);
        state.setCurrentKey(key);
        firing.fire(key, timestamp);
      }
    }
  }
}
