package io.weir.runtime.operator;

/**
 * The task's timers, by key: processing-time timers fire when the clock passes them, event-time
 * timers when the task's watermark does; firing calls back {@link StreamOperator#onTimer} or
 * {@link StreamOperator#onEventTimer}. Registering again at the same timestamp of a key is a no-op.
 */
public interface TimerRegistry {
  long currentTimeMillis();

  /** The task's current watermark ({@link Long#MIN_VALUE} before the first). */
  long currentWatermark();

  void register(Object key, long timestamp);

  void delete(Object key, long timestamp);

  void registerEventTime(Object key, long timestamp);

  void deleteEventTime(Object key, long timestamp);
}
