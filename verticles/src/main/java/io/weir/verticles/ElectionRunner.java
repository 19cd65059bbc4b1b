package io.weir.verticles;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.weir.cluster.ha.LeaderElection;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link LeaderElection}'s checks: at once, then every check interval, one at a time on a
 * thread of its own (a check calls Hazelcast and may block, e.g. while a partition is lost).
 */
final class ElectionRunner {
  private static final Logger log = LoggerFactory.getLogger(ElectionRunner.class);

  private final Vertx vertx;
  private final LeaderElection election;
  private final long intervalMs;
  private final WorkerExecutor thread;
  private long timer = -1;
  private boolean checking;
  private volatile boolean stopped;

  ElectionRunner(Vertx vertx, LeaderElection election, Duration interval) {
    this.vertx = vertx;
    this.election = election;
    this.intervalMs = Math.max(1, interval.toMillis());
    this.thread = vertx.createSharedWorkerExecutor("weir-election-" + election.coordinator(), 1);
  }

  /** Starts checking; call on the coordinator's context. */
  void start(Context context) {
    check();
    timer = vertx.setPeriodic(intervalMs, id -> check());
  }

  private void check() {
    if (checking || stopped) {
      return;
    }
    checking = true;
    thread.executeBlocking(() -> {
      if (!stopped) {
        election.check();
      }
      return null;
    }, true).onComplete(ar -> {
      checking = false;
      if (ar.failed()) {
        log.warn("coordinator {}: the election check failed: {}", election.coordinator(), ar.cause().getMessage());
      }
    });
  }

  void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    thread.close();
  }
}
