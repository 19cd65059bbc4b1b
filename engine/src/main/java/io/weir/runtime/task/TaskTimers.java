package io.weir.runtime.task;

import io.weir.runtime.operator.TimerRegistry;
import io.weir.state.KeyedStateBackend;
import java.util.function.Consumer;

/**
 * A keyed task's timers: processing-time timers, fired by one Vert.x timer that waits for the
 * earliest, and event-time timers, fired in timestamp order when the task's watermark passes them.
 * Both are kept on the heap and written to keyed state before each snapshot ({@link #persist});
 * the watermark itself is restored by the chain.
 */
final class TaskTimers implements TimerRegistry {
  static final String STATE_NAME = "__timers";
  static final String EVENT_TIME_STATE_NAME = "__event_timers";

  /** Fires a due timer: the key is made current first. */
  interface Firing {
    void fire(Object key, long timestamp, boolean eventTime) throws Exception;
  }

  private final TaskEnvironment env;
  private final KeyedTimerQueue processingTime;
  private final KeyedTimerQueue eventTime;
  private long watermark = Long.MIN_VALUE;
  private long scheduledFor = Long.MAX_VALUE;
  private long timerId = -1;
  private Firing firing;
  private Consumer<Throwable> onError;

  TaskTimers(KeyedStateBackend state, TaskEnvironment env) {
    this.env = env;
    this.processingTime = new KeyedTimerQueue(state, STATE_NAME);
    this.eventTime = new KeyedTimerQueue(state, EVENT_TIME_STATE_NAME);
  }

  /** Loads the (restored) timers and starts firing processing-time ones. */
  void start(Firing firing, Consumer<Throwable> onError) throws Exception {
    this.firing = firing;
    this.onError = onError;
    processingTime.load();
    eventTime.load();
    schedule();
  }

  /** The watermark a restored checkpoint held: event-time timers at or before it have fired already. */
  void restoreWatermark(long restored) {
    watermark = Math.max(watermark, restored);
  }

  /** The task's watermark advanced: fires every event-time timer at or before it, in order. */
  void advanceWatermark(long newWatermark) throws Exception {
    if (newWatermark <= watermark) {
      return;
    }
    watermark = newWatermark;
    if (firing != null && eventTime.earliest() <= newWatermark) {
      eventTime.fireUpTo(newWatermark, (key, ts) -> firing.fire(key, ts, true));
    }
  }

  @Override
  public long currentTimeMillis() {
    return env.currentTimeMillis();
  }

  @Override
  public long currentWatermark() {
    return watermark;
  }

  @Override
  public boolean register(Object key, long timestamp) {
    if (!processingTime.add(key, timestamp)) {
      return false;
    }
    schedule();
    return true;
  }

  @Override
  public void delete(Object key, long timestamp) {
    processingTime.delete(key, timestamp);
  }

  @Override
  public boolean registerEventTime(Object key, long timestamp) {
    return eventTime.add(key, timestamp);
  }

  @Override
  public void deleteEventTime(Object key, long timestamp) {
    eventTime.delete(key, timestamp);
  }

  private void schedule() {
    if (firing == null) {
      return;
    }
    long first = processingTime.earliest();
    if (first == Long.MAX_VALUE || first >= scheduledFor) {
      return;
    }
    if (timerId >= 0) {
      env.cancelTimer(timerId);
    }
    scheduledFor = first;
    timerId = env.setTimer(Math.max(1, first - env.currentTimeMillis()), this::fireDue);
  }

  private void fireDue() {
    timerId = -1;
    scheduledFor = Long.MAX_VALUE;
    try {
      processingTime.fireUpTo(env.currentTimeMillis(), (key, ts) -> firing.fire(key, ts, false));
    } catch (Throwable e) {
      onError.accept(e);
      return;
    }
    schedule();
  }

  /** Writes the timers that changed since the last snapshot to keyed state, for the snapshot about to be taken. */
  void persist() {
    processingTime.persist();
    eventTime.persist();
  }

  void stop() {
    if (timerId >= 0) {
      env.cancelTimer(timerId);
      timerId = -1;
    }
    firing = null;
  }
}
