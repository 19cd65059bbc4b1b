package io.weir.api;

/**
 * Timers of the current key, in processing time (the clock) and in event time (the watermark);
 * they are part of the checkpointed state. Event-time timers fire in timestamp order once the
 * watermark reaches them; every timer still open fires at the end of a bounded input.
 */
public interface TimerService {
  long currentProcessingTime();

  void registerProcessingTimeTimer(long timestamp);

  void deleteProcessingTimeTimer(long timestamp);

  /** The task's watermark: no record at or before it is expected any more. */
  long currentWatermark();

  void registerEventTimeTimer(long timestamp);

  void deleteEventTimeTimer(long timestamp);
}
