package io.weir.runtime.task;

import io.weir.api.state.MapState;
import io.weir.api.state.MapStateDescriptor;
import io.weir.state.KeyedStateBackend;
import java.util.ArrayList;
import java.util.List;

/**
 * Timers of one time domain, on the heap: the {@link TimerSet} of live timers, and a
 * {@link TimerOrder} that orders them (a deleted timer leaves the set at once and the order when it
 * comes up; a timer fires only while the set still holds it). Checkpoints find them in keyed state,
 * each key's timestamps under the queue's state name, so a restore at another parallelism moves
 * them with their key group: {@link #persist} writes what changed since it last ran there, before
 * each snapshot, and {@link #load} reads them back. Between snapshots adding, deleting and firing a
 * timer touch no state, as with Flink's heap timers on its RocksDB backend, and a timer added and
 * gone again between two snapshots never reaches keyed state.
 */
final class KeyedTimerQueue {
  /** Fires a due timer; its key is current. */
  interface Firing {
    void fire(Object key, long timestamp) throws Exception;
  }

  /** What {@link #load} tells the set: nothing, as the timers it read are what keyed state holds. */
  private static final TimerSet.Changes NO_CHANGES = new TimerSet.Changes() {
    @Override
    public void added(Object key, long timestamp) {
    }

    @Override
    public void removed(Object key, long timestamp) {
    }
  };

  private final KeyedStateBackend state;
  private final String stateName;
  private final MapState<Long, Boolean> stored;
  private final TimerOrder queue = new TimerOrder();
  private final TimerSet live = new TimerSet();

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
        if (live.add(key, ts)) {
          queue.add(ts, key);
        }
      }
    }
    live.persist(NO_CHANGES); // what was read is what keyed state holds
  }

  /** Adds a timer of {@code key}, unless it has one at {@code timestamp} already; true when it is new. */
  boolean add(Object key, long timestamp) {
    if (live.add(key, timestamp)) {
      queue.add(timestamp, key);
      return true;
    }
    return false;
  }

  void delete(Object key, long timestamp) {
    live.remove(key, timestamp);
  }

  /** Writes the timers added and removed since the last call to keyed state; the backend's current key is the same afterwards. */
  void persist() {
    Object previous = state.currentKey();
    boolean[] changed = {false};
    live.persist(new TimerSet.Changes() {
      @Override
      public void added(Object key, long timestamp) {
        state.setCurrentKey(key);
        stored.put(timestamp, Boolean.TRUE);
        changed[0] = true;
      }

      @Override
      public void removed(Object key, long timestamp) {
        state.setCurrentKey(key);
        stored.remove(timestamp);
        changed[0] = true;
      }
    });
    if (changed[0] && previous != null) {
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
      if (live.remove(key, timestamp)) {
        state.setCurrentKey(key);
        firing.fire(key, timestamp);
      }
    }
  }
}
