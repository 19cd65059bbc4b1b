package io.weir.api;

/** Processing-time timers of the current key; they are part of the checkpointed state. */
public interface TimerService {
  long currentProcessingTime();

  void registerProcessingTimeTimer(long timestamp);

  void deleteProcessingTimeTimer(long timestamp);
}
