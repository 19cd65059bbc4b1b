package io.weir.api.time;

/**
 * Records arrive at most {@code bound} milliseconds behind the latest one seen: the watermark is
 * the highest event time minus the bound minus 1, so a record exactly {@code bound} late is on time.
 */
public final class BoundedOutOfOrderness implements WatermarkGenerator {
  private final long bound;
  private long maxTimestamp;

  public BoundedOutOfOrderness(long boundMillis) {
    if (boundMillis < 0) {
      throw new IllegalArgumentException("the out-of-orderness bound must not be negative, got " + boundMillis + " ms");
    }
    this.bound = boundMillis;
    this.maxTimestamp = Long.MIN_VALUE + boundMillis + 1;
  }

  @Override
  public void onEvent(long timestamp) {
    if (timestamp > maxTimestamp) {
      maxTimestamp = timestamp;
    }
  }

  @Override
  public long currentWatermark() {
    long wm = maxTimestamp - bound - 1;
    return wm < NONE ? NONE : wm;
  }
}
