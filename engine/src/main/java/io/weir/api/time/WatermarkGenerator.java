package io.weir.api.time;

/**
 * Turns the event times a split has seen into a watermark: the promise that no later record of
 * the split is at or before it. One generator per split; the source asks for the current
 * watermark periodically and emits it when it has advanced.
 */
public interface WatermarkGenerator {
  /** No watermark yet. */
  long NONE = Long.MIN_VALUE;

  /** A record with event time {@code timestamp} was emitted. Called per record: keep it cheap. */
  void onEvent(long timestamp);

  /** The current watermark, or {@link #NONE}. */
  long currentWatermark();
}
