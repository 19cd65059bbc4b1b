package io.weir.runtime.task;

import io.weir.api.state.MapState;
import io.weir.api.state.MapStateDescriptor;
import io.weir.runtime.operator.TimerRegistry;
import io.weir.state.KeyedStateBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A task's processing-time timers. Each key's timers are kept in keyed state (so checkpoints hold
 * them and a restore at another parallelism moves them with their key group); a priority queue in
 * memory orders them, and one Vert.x timer waits for the earliest.
 */
final class TaskTimers implements TimerRegistry {
  static final String STATE_NAME = "__timers";

  /** Fires a due timer: the key is made current first. */
  interface Firing {
    void fire(Object key, long timestamp) throws Exception;
  }

  private record Timer(long timestamp, Object key) {
  }

  private final KeyedStateBackend state;
  private final MapState<Long, Boolean> stored;
  private final TaskEnvironment env;
  private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> Long.compare(a.timestamp, b.timestamp));
  private long scheduledFor = Long.MAX_VALUE;
  private long timerId = -1;
  private Firing firing;
  private java.util.function.Consumer<Throwable> onError;

  TaskTimers(KeyedStateBackend state, TaskEnvironment env) {
    this.state = state;
    this.env = env;
    this.stored = state.mapState(new MapStateDescriptor<>(STATE_NAME));
  }

  void start(Firing firing, java.util.function.Consumer<Throwable> onError) throws Exception {
    this.firing = firing;
    this.onError = onError;
    List<Object> keys = new ArrayList<>();
    state.forEachKey(STATE_NAME, keys::add);
    for (Object key : keys) {
      state.setCurrentKey(key);
      for (Long ts : stored.entries().keySet()) {
        queue.add(new Timer(ts, key));
      }
    }
    schedule();
  }

  @Override
  public long currentTimeMillis() {
    return env.currentTimeMillis();
  }

  @Override
  public void register(Object key, long timestamp) {
    if (stored.contains(timestamp)) {
      return;
    }
    stored.put(timestamp, Boolean.TRUE);
    queue.add(new Timer(timestamp, key));
    schedule();
  }

  @Override
  public void delete(Object key, long timestamp) {
    if (stored.contains(timestamp)) {
      stored.remove(timestamp);
      queue.remove(new Timer(timestamp, key));
    }
  }

  private void schedule() {
    if (firing == null) {
      return;
    }
    Timer first = queue.peek();
    if (first == null || first.timestamp >= scheduledFor) {
      return;
    }
    if (timerId >= 0) {
      env.cancelTimer(timerId);
    }
    scheduledFor = first.timestamp;
    timerId = env.setTimer(Math.max(1, first.timestamp - env.currentTimeMillis()), this::fireDue);
  }

  private void fireDue() {
    timerId = -1;
    scheduledFor = Long.MAX_VALUE;
    long now = env.currentTimeMillis();
    try {
      while (!queue.isEmpty() && queue.peek().timestamp <= now) {
        Timer t = queue.poll();
        state.setCurrentKey(t.key);
        if (stored.contains(t.timestamp)) {
          stored.remove(t.timestamp);
          firing.fire(t.key, t.timestamp);
        }
      }
    } catch (Throwable e) {
      onError.accept(e);
      return;
    }
    schedule();
  }

  void stop() {
    if (timerId >= 0) {
      env.cancelTimer(timerId);
      timerId = -1;
    }
    firing = null;
  }
}
