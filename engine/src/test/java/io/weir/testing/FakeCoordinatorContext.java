package io.weir.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weir.cluster.CoordinatorContext;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CoordinatorContext} for unit tests: a manual clock that only moves when the test calls
 * {@link #advance}, timers that fire (in due order, at their due time) while it moves, and blocking
 * work that runs inline and returns an already completed future. No sleeps, no threads.
 */
public final class FakeCoordinatorContext implements CoordinatorContext, AutoCloseable {
  private long now;
  private long nextTimerId = 1;
  private final Map<Long, Timer> timers = new LinkedHashMap<>();
  private Vertx vertx;

  private static final class Timer {
    final long id;
    final long period;
    final Runnable action;
    long due;

    Timer(long id, long due, long period, Runnable action) {
      this.id = id;
      this.due = due;
      this.period = period;
      this.action = action;
    }
  }

  /** Starts the clock at {@code startMillis} (tests use a non-zero time, as a real clock would be). */
  public FakeCoordinatorContext(long startMillis) {
    this.now = startMillis;
  }

  @Override
  public long now() {
    return now;
  }

  /** Moves the clock forward by {@code millis}, running every timer that falls due on the way. */
  public void advance(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("the clock only moves forward");
    }
    long target = now + millis;
    while (true) {
      Optional<Timer> next = timers.values().stream().filter(t -> t.due <= target)
          .min(Comparator.<Timer>comparingLong(t -> t.due).thenComparingLong(t -> t.id));
      if (next.isEmpty()) {
        break;
      }
      Timer t = next.get();
      now = t.due;
      if (t.period > 0) {
        t.due += t.period;
      } else {
        timers.remove(t.id);
      }
      t.action.run();
    }
    now = target;
  }

  /** The number of timers that have not fired (one-shot) or not been cancelled (periodic). */
  public int pendingTimers() {
    return timers.size();
  }

  @Override
  public long setTimer(long delayMillis, Runnable action) {
    return add(delayMillis, 0, action);
  }

  @Override
  public long setPeriodic(long periodMillis, Runnable action) {
    if (periodMillis <= 0) {
      throw new IllegalArgumentException("a period must be positive, got " + periodMillis);
    }
    return add(periodMillis, periodMillis, action);
  }

  private long add(long delay, long period, Runnable action) {
    long id = nextTimerId++;
    timers.put(id, new Timer(id, now + Math.max(0, delay), period, action));
    return id;
  }

  @Override
  public void cancelTimer(long id) {
    timers.remove(id);
  }

  @Override
  public <T> Future<T> executeBlocking(Callable<T> work) {
    try {
      return Future.succeededFuture(work.call());
    } catch (Throwable e) {
      return Future.failedFuture(e);
    }
  }

  /** The result of work run on this context: its futures are complete at once, as blocking work runs inline. */
  /** Why {@code future} failed; it must have completed, and failed. */
  public static Throwable failureOf(Future<?> future) {
    if (!future.isComplete()) {
      throw new AssertionError("the future is not complete (the fake context runs blocking work inline)");
    }
    if (future.succeeded()) {
      throw new AssertionError("the future succeeded with " + future.result() + " but was expected to fail");
    }
    return future.cause();
  }

  public static <T> T resultOf(Future<T> future) {
    if (!future.isComplete()) {
      throw new AssertionError("the future is not complete (the fake context runs blocking work inline)");
    }
    if (future.failed()) {
      throw new AssertionError("failed: " + future.cause(), future.cause());
    }
    return future.result();
  }

  @Override
  public synchronized Vertx vertx() {
    if (vertx == null) {
      vertx = Vertx.vertx();
    }
    return vertx;
  }

  @Override
  public synchronized void close() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx = null;
    }
  }
}
