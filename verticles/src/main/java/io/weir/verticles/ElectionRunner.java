package io.weir.verticles;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.spi.cluster.NodeListener;
import io.weir.cluster.ha.LeaderElection;
import io.weir.node.ClusterEvents;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link LeaderElection}'s checks: at once, then every check interval and whenever a member
 * joins or leaves, one at a time on a thread of its own (a check calls Hazelcast and may block, e.g.
 * while a partition is lost), and says whether this coordinator may act now ({@link #mayAct}):
 * while it leads, has seen no newer epoch, and has not been paused since its last check. A pause
 * (SIGSTOP, a long GC) is seen as a gap longer than the lease in a ticker that runs every
 * {@value #TICK_MS} ms; after one, nothing is done until a check that started after the pause has
 * confirmed the lead. A check that merely takes long (Hazelcast waits for a dead member's
 * partitions) does not stop the leader, as it never did.
 */
final class ElectionRunner {
  private static final Logger log = LoggerFactory.getLogger(ElectionRunner.class);

  private final Vertx vertx;
  private final LeaderElection election;
  private final long intervalMs;
  private final WorkerExecutor thread;
  static final long TICK_MS = 100;

  private final long leaseMs;
  private final long ticker;
  private long timer = -1;
  private boolean checking;
  /** A membership change came while a check ran: check again when it ends, on the new view. */
  private boolean recheck;
  private ClusterEvents events;
  private NodeListener onMembership;
  private volatile boolean stopped;
  private volatile long lastTick = System.nanoTime();
  /** When the last pause was seen (nanoTime); 0: none since the last check that started after it. */
  private volatile long pausedAt;

  ElectionRunner(Vertx vertx, LeaderElection election, Duration interval, Duration lease) {
    this.vertx = vertx;
    this.election = election;
    this.intervalMs = Math.max(1, interval.toMillis());
    this.leaseMs = lease.toMillis();
    this.thread = vertx.createSharedWorkerExecutor("weir-election-" + election.coordinator(), 1);
    this.ticker = vertx.setPeriodic(TICK_MS, id -> sawPause());
  }

  /** True while this coordinator leads under the newest epoch it has seen and was not paused since its last check. */
  boolean mayAct() {
    return !sawPause() && election.role() == io.weir.cluster.ha.LeaderRole.LEADING
        && election.epoch() >= election.highestEpochSeen();
  }

  private boolean sawPause() {
    long now = System.nanoTime();
    if (now - lastTick > leaseMs * 1_000_000 && pausedAt == 0) {
      pausedAt = now;
      log.warn("coordinator {} was paused for {} ms; it does nothing until its election has checked again",
          election.coordinator(), (now - lastTick) / 1_000_000);
    }
    lastTick = now;
    return pausedAt != 0;
  }

  /** Starts checking; call on the coordinator's context. */
  void start(Context context) {
    check();
    timer = vertx.setPeriodic(intervalMs, id -> check());
    events = ClusterEvents.of(vertx);
    if (events != null) {
      // a member leaving (the leader killed, say) is checked at once, not at the next interval
      onMembership = new NodeListener() {
        @Override
        public void nodeAdded(String nodeId) {
          context.runOnContext(v -> check());
        }

        @Override
        public void nodeLeft(String nodeId) {
          context.runOnContext(v -> check());
        }
      };
      events.addListener(onMembership);
    }
  }

  private void check() {
    if (stopped) {
      return;
    }
    if (checking) {
      recheck = true;
      return;
    }
    checking = true;
    long started = System.nanoTime();
    thread.executeBlocking(() -> {
      if (!stopped) {
        election.check();
      }
      return null;
    }, true).onComplete(ar -> {
      checking = false;
      long paused = pausedAt;
      if (ar.succeeded() && paused != 0 && started > paused) {
        pausedAt = 0; // a check after the pause decided: the role it left is the truth again
      }
      if (ar.failed()) {
        log.warn("coordinator {}: the election check failed: {}", election.coordinator(), ar.cause().getMessage());
      }
      if (recheck) {
        recheck = false;
        check();
      }
    });
  }

  void stop() {
    stopped = true;
    if (events != null) {
      events.removeListener(onMembership);
    }
    vertx.cancelTimer(ticker);
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    thread.close();
  }
}
