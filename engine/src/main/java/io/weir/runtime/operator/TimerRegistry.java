package io.weir.runtime.operator;

/** The task's processing-time timers, by key; firing calls back {@link StreamOperator#onTimer}. */
public interface TimerRegistry {
  long currentTimeMillis();

  void register(Object key, long timestamp);

  void delete(Object key, long timestamp);
}
