package io.weir.cluster.worker;

import io.weir.cluster.Timers;
import io.weir.cluster.protocol.Heartbeat;
import io.weir.cluster.protocol.HeartbeatReply;
import io.weir.cluster.protocol.PresenceHello;
import io.weir.cluster.protocol.RegisterWorker;
import io.weir.cluster.protocol.WorkerRegistered;
import io.weir.config.Durations;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's watch on its leader. It registers the worker (retrying until a coordinator answers),
 * answers the leader's heartbeats, and keeps the presence connection. The leader is lost when the
 * heartbeats stop for longer than its timeout (the leader died or was paused, or this JVM was
 * paused and declared dead), and at once when the leader's side closes the presence connection,
 * when the leader's cluster member leaves, or when the election publishes a higher epoch. Then it
 * stops every task rather than run on unsupervised, and registers again as a new incarnation, so
 * that slots and attempts of the old one are never reused; a new leader's publication sends a
 * pending registration at once instead of after the retry pause. It remembers the highest leader
 * epoch seen and refuses anything older. All on one context; time and timers come from {@link Timers}.
 */
public final class LeaderWatch {
  private static final Logger log = LoggerFactory.getLogger(LeaderWatch.class);
  /** How often the heartbeat silence is checked. */
  static final long CHECK_MS = 100;
  /** The pause between two registration attempts. */
  static final long REGISTER_RETRY_MS = 300;
  /** A worker that lost the leader and could not register again for this many heartbeat timeouts is stranded. */
  static final int STRANDED_AFTER_TIMEOUTS = 2;
  private static final long NEVER = -1;

  /** What the worker offers the leader; its incarnation is the watch's. */
  public record Identity(String name, String nodeId, int slots) {
    public Identity {
      PresenceHello.requireWorkerName(name);
      if (slots <= 0) {
        throw new IllegalArgumentException("a worker offers at least one slot, worker " + name + " offers " + slots);
      }
    }
  }

  private final Identity me;
  private final Timers timers;
  private final LeaderLink link;
  private final Supplier<String> incarnations;
  private final PresenceConnection presence;
  private final EpochFence epochs = new EpochFence();
  private WatchState state = WatchState.UNREGISTERED;
  private String incarnation;
  private Leader leader;
  private long lastLeaderContact;
  private long lostLeaderAt = NEVER;
  private int failedRegistrations;
  private long checkTimer = NEVER;
  private long retryTimer = NEVER;
  /** How many registration requests were sent; only the latest one's failure counts. */
  private long registrations;

  public LeaderWatch(Identity me, Timers timers, LeaderLink link) {
    this(me, timers, link, () -> UUID.randomUUID().toString().substring(0, 8));
  }

  /** {@code incarnations} makes each new incarnation's name (random in production). */
  LeaderWatch(Identity me, Timers timers, LeaderLink link, Supplier<String> incarnations) {
    this.me = me;
    this.timers = timers;
    this.link = link;
    this.incarnations = incarnations;
    this.presence = new PresenceConnection(me.name(), link, () -> leaderGone("its presence connection closed"));
    this.incarnation = incarnations.get();
  }

  public WatchState state() {
    return state;
  }

  public String incarnation() {
    return incarnation;
  }

  /** The leader this worker is registered with; empty while it is not registered. */
  public Optional<Leader> leader() {
    return state == WatchState.REGISTERED ? Optional.ofNullable(leader) : Optional.empty();
  }

  public PresenceState presence() {
    return presence.state();
  }

  /** The highest leader epoch seen; {@link EpochFence#NONE} before the first registration. */
  public long highestEpoch() {
    return epochs.highest();
  }

  /** Starts watching: registers with the leader and checks its heartbeats from now on. */
  public void start() {
    moveTo(WatchState.REGISTERING);
    checkTimer = timers.setPeriodic(CHECK_MS, this::checkLeader);
    register();
  }

  /** Stops watching: no more registrations or checks, and the presence connection closes. */
  public void stop() {
    quiesce();
    presence.close();
  }

  /**
   * Stops watching but keeps the presence connection open: whoever started the whole cluster is
   * shutting it down, so the leader closing that connection or falling silent from now on is no
   * loss to report, and the leader sees no worker lost before it stops itself.
   */
  public void quiesce() {
    if (state == WatchState.STOPPED) {
      return;
    }
    moveTo(WatchState.STOPPED);
    cancel(checkTimer);
    cancel(retryTimer);
    checkTimer = NEVER;
    retryTimer = NEVER;
  }

  /**
   * The answer to a leader's heartbeat, which also counts as contact; empty when the heartbeat is
   * for another incarnation, comes while the worker is not registered, or from a deposed leader.
   */
  public Optional<HeartbeatReply> onHeartbeat(Heartbeat hb) {
    if (state != WatchState.REGISTERED || !hb.incarnation().equals(incarnation) || !epochs.admits(hb.epoch())) {
      if (log.isDebugEnabled()) {
        log.debug("worker {} ignores heartbeat {} (epoch {}, for incarnation {}): it is {} as incarnation {}, epoch {}",
            me.name(), hb.sequence(), hb.epoch(), hb.incarnation(), state, incarnation, epochs.highest());
      }
      return Optional.empty();
    }
    epochs.advanceTo(hb.epoch());
    lastLeaderContact = timers.now();
    return Optional.of(new HeartbeatReply(me.name(), incarnation, hb.sequence(), link.runningTasks()));
  }

  /**
   * A cluster member left: when it is the leader's, the leader is lost now (its process died or it
   * was split off), not after the heartbeat timeout.
   */
  public void memberLeft(String nodeId) {
    if (state == WatchState.REGISTERED && leader.nodeId().equals(nodeId)) {
      leaderGone("its cluster member left");
    } else if (state == WatchState.REGISTERING) {
      register(); // the request out may have gone to the member that left: ask again now
    }
  }

  /**
   * The election published that {@code coordinator} leads under {@code epoch}: commands of lower
   * epochs are refused from now on. A registered worker
   * whose leader's epoch is lower lost its leader; a worker waiting to register asks again at once,
   * without waiting for a request that may have gone to the old leader.
   */
  public void leaderElected(String coordinator, long epoch) {
    if (state == WatchState.STOPPED) {
      return;
    }
    if (epochs.admits(epoch)) {
      epochs.advanceTo(epoch); // the election's record is written only by a won claim: older leaders are deposed
    }
    if (state == WatchState.REGISTERED && epoch > leader.epoch()) {
      leaderGone("coordinator " + coordinator + " leads now, under epoch " + epoch);
    } else if (state == WatchState.REGISTERING) {
      register();
    }
  }

  /** Why a command of {@code epoch} (e.g. {@code "deploy"}) must be refused; empty when its leader is current. */
  public Optional<String> refusal(String command, long epoch) {
    return epochs.admits(epoch) ? Optional.empty() : Optional.of(epochs.refusal(command, epoch));
  }

  /**
   * Sends a registration request now. Requests sent earlier stay out: the first answer that admits
   * its epoch registers the worker (a coordinator answers the same incarnation's requests alike);
   * only the latest request's failure leads to a retry.
   */
  private void register() {
    if (state != WatchState.REGISTERING) {
      return;
    }
    cancel(retryTimer);
    retryTimer = NEVER;
    long mine = ++registrations;
    RegisterWorker request = new RegisterWorker(me.name(), incarnation, me.nodeId(), me.slots());
    link.register(request).onComplete(ar -> {
      if (state != WatchState.REGISTERING || !request.incarnation().equals(incarnation)) {
        return; // registered by another answer, or stopped meanwhile
      }
      if (ar.succeeded() && epochs.admits(ar.result().epoch())) {
        registered(ar.result());
      } else if (mine == registrations) {
        registrationFailed(ar.failed() ? String.valueOf(ar.cause().getMessage())
            : epochs.refusal("registration answered", ar.result().epoch()));
      }
    });
  }

  private void registered(WorkerRegistered r) {
    epochs.advanceTo(r.epoch());
    leader = new Leader(r.leaderNodeId(), r.epoch(), r.heartbeatTimeoutMs());
    lastLeaderContact = timers.now();
    lostLeaderAt = NEVER;
    failedRegistrations = 0;
    moveTo(WatchState.REGISTERED);
    log.info("worker {} registered with the coordinator ({} slots)", me.name(), me.slots());
    presence.open(r.presenceHost(), r.presencePort(), new PresenceHello(me.name(), incarnation));
  }

  private void registrationFailed(String reason) {
    if (++failedRegistrations == 1) {
      log.info("worker {} is waiting for a coordinator ({})", me.name(), reason);
    }
    long now = timers.now();
    if (lostLeaderAt != NEVER && link.canRejoin()
        && now - lostLeaderAt > STRANDED_AFTER_TIMEOUTS * leader.heartbeatTimeoutMs()) {
      moveTo(WatchState.STRANDED);
      cancel(checkTimer);
      checkTimer = NEVER;
      log.warn("worker {} cannot reach a coordinator since it lost it {} ago; it leaves and joins the cluster afresh",
          me.name(), Durations.format(Duration.ofMillis(now - lostLeaderAt)));
      link.rejoin();
      return;
    }
    retryTimer = timers.setTimer(REGISTER_RETRY_MS, () -> {
      retryTimer = NEVER;
      register();
    });
  }

  private void checkLeader() {
    if (state != WatchState.REGISTERED) {
      return;
    }
    long silent = timers.now() - lastLeaderContact;
    if (silent > leader.heartbeatTimeoutMs()) {
      leaderLost("no heartbeat for " + Durations.format(Duration.ofMillis(silent)));
    }
  }

  private void leaderGone(String why) {
    if (state == WatchState.REGISTERED) {
      leaderLost(why);
    }
  }

  private void leaderLost(String why) {
    moveTo(WatchState.LEADER_LOST);
    lostLeaderAt = timers.now();
    incarnation = incarnations.get();
    presence.close();
    log.warn("worker {} lost the coordinator ({}); stopping its {} tasks and registering again",
        me.name(), why, link.runningTasks().size());
    link.stopTasks("the coordinator was lost")
        .transform(stopped -> link.renewAddress())
        .onComplete(renewed -> {
          if (state == WatchState.LEADER_LOST) {
            moveTo(WatchState.REGISTERING);
            register();
          }
        });
  }

  private void moveTo(WatchState target) {
    state = state.moveTo(target);
  }

  private void cancel(long timer) {
    if (timer != NEVER) {
      timers.cancelTimer(timer);
    }
  }
}
