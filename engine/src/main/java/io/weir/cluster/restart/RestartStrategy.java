package io.weir.cluster.restart;

import io.weir.config.Durations;
import io.weir.config.Settings;
import java.util.OptionalLong;

/**
 * Decides whether a failed job restarts, and after how long (Flink's strategies and meanings).
 * Plain objects driven by the caller's clock, so tests need no sleeps.
 */
public interface RestartStrategy {

  /** Records a failure at {@code nowMillis}: the delay before restarting, or empty when the job must fail. */
  OptionalLong onFailure(long nowMillis);

  /**
   * The job made progress since its last restart: a checkpoint that every restarted task took part
   * in completed. A strategy that backs off may start again from its first delay.
   */
  default void progressed() {
  }

  /** A description for status output and logs. */
  String describe();

  static RestartStrategy from(Settings.Restart s) {
    return switch (s.strategy()) {
      case "fixed-delay" -> new FixedDelayRestart(s.attempts(), s.delay().toMillis());
      case "exponential-delay" -> new ExponentialDelayRestart(s.attempts(), s.initialDelay().toMillis(),
          s.maxDelay().toMillis(), s.multiplier(), s.resetAfter().toMillis());
      case "failure-rate" -> new FailureRateRestart(s.maxFailures(), s.failureInterval().toMillis(), s.delay().toMillis());
      case "none" -> new NoRestart();
      default -> throw new IllegalArgumentException("unknown restart strategy '" + s.strategy()
          + "' (fixed-delay, exponential-delay, failure-rate, none)");
    };
  }

  /** Restarts up to {@code attempts} times, each after the same delay. */
  final class FixedDelayRestart implements RestartStrategy {
    private final int attempts;
    private final long delay;
    private int failures;

    public FixedDelayRestart(int attempts, long delayMillis) {
      this.attempts = attempts;
      this.delay = delayMillis;
    }

    @Override
    public OptionalLong onFailure(long nowMillis) {
      failures++;
      return failures > attempts ? OptionalLong.empty() : OptionalLong.of(delay);
    }

    @Override
    public String describe() {
      return "fixed-delay (" + (attempts == Integer.MAX_VALUE ? "unlimited" : attempts) + " attempts, "
          + Durations.format(java.time.Duration.ofMillis(delay)) + " apart)";
    }
  }

  /**
   * The delay doubles (by {@code multiplier}) with each failure up to {@code maxDelay}; it goes back
   * to {@code initialDelay} once the job ran for {@code resetAfter} without failing, or once it
   * completed a checkpoint after its restart: a job that recovers is not backed off for the next,
   * unrelated failure, while a job that fails again before any checkpoint completes (it cannot even
   * start, or it fails on the same record again) is.
   */
  final class ExponentialDelayRestart implements RestartStrategy {
    private final int attempts;
    private final long initial;
    private final long max;
    private final double multiplier;
    private final long resetAfter;
    private long current;
    private long lastFailure = -1;
    private int failures;
    private boolean progressed;

    public ExponentialDelayRestart(int attempts, long initialMillis, long maxMillis, double multiplier, long resetAfterMillis) {
      this.attempts = attempts;
      this.initial = initialMillis;
      this.max = maxMillis;
      this.multiplier = Math.max(1.0, multiplier);
      this.resetAfter = resetAfterMillis;
    }

    @Override
    public OptionalLong onFailure(long nowMillis) {
      if (lastFailure < 0 || progressed || nowMillis - lastFailure - current >= resetAfter) {
        current = initial;
        failures = 0;
      } else {
        current = Math.min(max, (long) Math.ceil(current * multiplier));
      }
      lastFailure = nowMillis;
      progressed = false;
      failures++;
      return failures > attempts ? OptionalLong.empty() : OptionalLong.of(current);
    }

    @Override
    public String describe() {
      return "exponential-delay (" + Durations.format(java.time.Duration.ofMillis(initial)) + " doubling to "
          + Durations.format(java.time.Duration.ofMillis(max)) + ", reset after "
          + Durations.format(java.time.Duration.ofMillis(resetAfter)) + " without failures or at a checkpoint)";
    }

    @Override
    public void progressed() {
      progressed = true;
    }
  }

  /** Restarts unless more than {@code maxFailures} failures happened within {@code interval}. */
  final class FailureRateRestart implements RestartStrategy {
    private final int maxFailures;
    private final long interval;
    private final long delay;
    private final java.util.ArrayDeque<Long> recent = new java.util.ArrayDeque<>();

    public FailureRateRestart(int maxFailures, long intervalMillis, long delayMillis) {
      this.maxFailures = maxFailures;
      this.interval = intervalMillis;
      this.delay = delayMillis;
    }

    @Override
    public OptionalLong onFailure(long nowMillis) {
      recent.addLast(nowMillis);
      while (!recent.isEmpty() && nowMillis - recent.peekFirst() > interval) {
        recent.removeFirst();
      }
      return recent.size() > maxFailures ? OptionalLong.empty() : OptionalLong.of(delay);
    }

    @Override
    public String describe() {
      return "failure-rate (at most " + maxFailures + " failures per " + interval + "ms, " + delay + "ms apart)";
    }
  }

  /** Never restarts: the first failure fails the job. */
  final class NoRestart implements RestartStrategy {
    @Override
    public OptionalLong onFailure(long nowMillis) {
      return OptionalLong.empty();
    }

    @Override
    public String describe() {
      return "none";
    }
  }
}
