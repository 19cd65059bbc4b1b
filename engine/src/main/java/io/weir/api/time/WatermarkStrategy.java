package io.weir.api.time;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a source stamps its records with event time and derives watermarks from them, per split:
 * bounded out-of-orderness, monotonous timestamps, or a custom generator; optionally an idleness
 * timeout after which a split that emits nothing no longer holds the watermark back. Immutable;
 * every {@code with} returns a new strategy.
 */
public final class WatermarkStrategy<T> {
  /** How often a source emits its watermark when it has advanced. */
  public static final Duration DEFAULT_EMIT_INTERVAL = Duration.ofMillis(200);

  private final Supplier<WatermarkGenerator> generators;
  private final TimestampAssigner<T> assigner;
  private final Duration idleness;
  private final Duration emitInterval;

  private WatermarkStrategy(Supplier<WatermarkGenerator> generators, TimestampAssigner<T> assigner, Duration idleness,
                            Duration emitInterval) {
    this.generators = generators;
    this.assigner = assigner;
    this.idleness = idleness;
    this.emitInterval = emitInterval;
  }

  /** Records at most {@code bound} late behind the latest seen are on time. */
  public static <T> WatermarkStrategy<T> forBoundedOutOfOrderness(Duration bound) {
    long ms = Objects.requireNonNull(bound, "bound").toMillis();
    new BoundedOutOfOrderness(ms); // checks the bound here, where the job is built
    return new WatermarkStrategy<>(() -> new BoundedOutOfOrderness(ms), null, null, DEFAULT_EMIT_INTERVAL);
  }

  /** Timestamps never decrease within a split. */
  public static <T> WatermarkStrategy<T> forMonotonousTimestamps() {
    return new WatermarkStrategy<>(() -> new BoundedOutOfOrderness(0), null, null, DEFAULT_EMIT_INTERVAL);
  }

  /** A custom generator, one made per split. */
  public static <T> WatermarkStrategy<T> forGenerator(Supplier<WatermarkGenerator> generators) {
    return new WatermarkStrategy<>(Objects.requireNonNull(generators, "generators"), null, null, DEFAULT_EMIT_INTERVAL);
  }

  public WatermarkStrategy<T> withTimestampAssigner(TimestampAssigner<T> assigner) {
    return new WatermarkStrategy<>(generators, Objects.requireNonNull(assigner, "assigner"), idleness, emitInterval);
  }

  /** A split that emits nothing for {@code timeout} is idle until its next record. */
  public WatermarkStrategy<T> withIdleness(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("an idleness timeout must be positive, got " + timeout);
    }
    return new WatermarkStrategy<>(generators, assigner, timeout, emitInterval);
  }

  /** How often the watermark is emitted when it has advanced (default 200 ms). */
  public WatermarkStrategy<T> withEmitInterval(Duration interval) {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("a watermark emit interval must be positive, got " + interval);
    }
    return new WatermarkStrategy<>(generators, assigner, idleness, interval);
  }

  public WatermarkGenerator newGenerator() {
    return generators.get();
  }

  /** The assigner; null until {@link #withTimestampAssigner} is called. */
  public TimestampAssigner<T> timestampAssigner() {
    return assigner;
  }

  /** The idleness timeout, or null when splits never count as idle. */
  public Duration idleness() {
    return idleness;
  }

  public Duration emitInterval() {
    return emitInterval;
  }
}
