package io.weir.runtime.operator;

/**
 * The task's timers, by key: processing-time timers fire when the clock passes them, event-time
 * timers when the task's watermark does; firing calls back {@link StreamOperator#onTimer} or
 * {@link StreamOperator#onEventTimer}. Registering again at the same timestamp of a key is a no-op,
 * and says so: registering returns whether the timer is new.
 */
public interface TimerRegistry {
  long currentTimeMillis();

  /** The task's current watermark ({@link Long#MIN_VALUE} before the first). */
  long currentWatermark();

  /** True when {@code key} had no processing-time timer at {@code timestamp}. */
  boolean register(Object key, long timestamp);

  void delete(Object key, long timestamp);

  /** True when {@code key} had no event-time timer at {@code timestamp}. */
  boolean registerEventTime(Object key, long timestamp);

  void deleteEventTime(Object key, long timestamp);
}
