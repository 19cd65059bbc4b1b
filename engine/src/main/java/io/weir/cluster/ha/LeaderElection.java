package io.weir.cluster.ha;

import io.weir.cluster.ha.ElectionBackend.Membership;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether this coordinator leads. Each {@link #check} looks at the membership and the
 * leader record: a standby that may claim (the oldest coordinator, or the recorded leader after a
 * pause) and sees a majority claims a new, strictly higher epoch; a leader that sees a higher
 * epoch, a missing record or no majority is deposed. Between checks a leader may act only within
 * its lease ({@link #mayAct}). {@link #check} blocks (the backend's calls) and tells the listener on
 * its own thread; the getters and {@link #mayAct} never block, so an event loop may call them.
 */
public final class LeaderElection {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

  /** A change of role, with the epoch it happened under and, in operator words, why. */
  public record Transition(String coordinator, LeaderRole from, LeaderRole to, long epoch, String reason) {
  }

  public interface Listener {
    void onTransition(Transition transition);
  }

  private final String coordinator;
  private final ElectionBackend backend;
  private final ElectionSettings settings;
  private final LongSupplier clockMillis;
  private final Listener listener;
  private final EpochFence fence = new EpochFence();
  private final Quorum quorum;

  private volatile LeaderRole role = LeaderRole.STANDBY;
  private volatile long epoch;
  private volatile String leader;
  private volatile long confirmedAt;
  private volatile boolean leading;
  private String standbyNote;

  /** @param clockMillis a monotonic clock in milliseconds (pauses must count) */
  public LeaderElection(String coordinator, ElectionBackend backend, ElectionSettings settings, LongSupplier clockMillis,
                        Listener listener) {
    this.coordinator = coordinator;
    this.backend = backend;
    this.settings = settings;
    this.clockMillis = clockMillis;
    this.listener = listener;
    this.quorum = new Quorum(settings);
  }

  /** One round of the election; call every {@link ElectionSettings#checkInterval}. */
  public synchronized void check() {
    long now = clockMillis.getAsLong();
    if (role == LeaderRole.DEPOSED) {
      become(LeaderRole.STANDBY, epoch, "standing by");
    }
    Membership view = backend.membership();
    LeaderRecord record;
    try {
      record = backend.read();
    } catch (RuntimeException e) {
      if (role == LeaderRole.LEADING) {
        depose("cannot read the leader record (" + e.getMessage() + ")");
      }
      standBy("cannot read the leader record (" + e.getMessage() + ")");
      return;
    }
    if (record != null) {
      fence.observe(record.epoch());
      leader = record.leader();
    }
    Quorum.Count count = quorum.count(view, record, now);
    if (role == LeaderRole.LEADING) {
      confirmLead(record, count, now);
    } else {
      maybeClaim(view, record, count, now);
    }
  }

  /**
   * Records an epoch seen elsewhere (a worker or a store refused ours). A leader that sees a newer
   * one may no longer act from now on, and is deposed at its next {@link #check}. Never blocks.
   */
  public void observeEpoch(long seen) {
    fence.observe(seen);
    if (seen > epoch) {
      leading = false;
    }
  }

  /** True while this coordinator leads and its last confirmation is within the lease: only then may it act. */
  public boolean mayAct() {
    return leading && clockMillis.getAsLong() - confirmedAt < settings.lease().toMillis();
  }

  public LeaderRole role() {
    return role;
  }

  /** The epoch this coordinator leads (or last led) under; 0 before it ever led. */
  public long epoch() {
    return epoch;
  }

  /** The highest epoch this coordinator has seen, its own or another's. */
  public long highestEpochSeen() {
    return fence.highest();
  }

  /** The leader as last read from the record (null before any); this coordinator's name while it leads. */
  public String leader() {
    return leader;
  }

  public String coordinator() {
    return coordinator;
  }

  private void confirmLead(LeaderRecord record, Quorum.Count count, long now) {
    if (record != null && record.epoch() != epoch) {
      depose("lost the lead to epoch " + record.epoch() + " (" + record.leader() + ")");
    } else if (fence.highest() > epoch) {
      depose("lost the lead to epoch " + fence.highest());
    } else if (record == null) {
      depose("found the leader record gone (its partition was lost)");
    } else if (!count.quorate()) {
      depose("lost the quorum (" + count.describe() + ")");
    } else {
      confirmedAt = now;
      int members = quorum.membersToRecord(record, count, now);
      if (members != record.members()) {
        LeaderRecord after = backend.confirm(epoch, members);
        if (after == null || after.epoch() != epoch) {
          depose("lost the lead to epoch " + (after == null ? "unknown" : after.epoch()));
        } else {
          LOG.info("coordinator {} now counts its quorum over {} members (was {})", coordinator, members,
              record.members());
        }
      }
    }
  }

  private void maybeClaim(Membership view, LeaderRecord record, Quorum.Count count, long now) {
    boolean recordedLeaderAlive = record != null && view.coordinatorsOldestFirst().contains(record.leader());
    boolean mayClaim = recordedLeaderAlive
        ? record.leader().equals(coordinator)
        : !view.coordinatorsOldestFirst().isEmpty() && view.coordinatorsOldestFirst().get(0).equals(coordinator);
    if (!mayClaim) {
      standBy(recordedLeaderAlive ? record.leader() + " leads with epoch " + record.epoch()
          : "the oldest coordinator, " + (view.coordinatorsOldestFirst().isEmpty() ? "none" : view.coordinatorsOldestFirst().get(0))
            + ", may claim the lead");
      return;
    }
    if (!count.quorate()) {
      standBy("no quorum (" + count.describe() + ")");
      return;
    }
    long expected = record == null ? 0 : record.epoch();
    LeaderRecord after = backend.claim(expected, fence.highest(), coordinator, count.expected());
    if (after == null || !after.wonBy(coordinator, expected)) {
      if (after != null) {
        fence.observe(after.epoch());
        leader = after.leader();
      }
      standBy(after == null ? "the claim found no record" : after.leader() + " leads with epoch " + after.epoch());
      return;
    }
    fence.observe(after.epoch());
    epoch = after.epoch();
    leader = coordinator;
    confirmedAt = now;
    quorum.led(now);
    standbyNote = null;
    leading = true;
    become(LeaderRole.LEADING, epoch, "leads with epoch " + epoch + " (" + count.describe() + ")");
  }

  private void depose(String why) {
    leading = false;
    standbyNote = why;
    become(LeaderRole.DEPOSED, epoch, why + "; standing by");
  }

  /** Logs why this coordinator stands by, once per reason. */
  private void standBy(String why) {
    if (!why.equals(standbyNote)) {
      standbyNote = why;
      LOG.info("coordinator {} stands by: {}", coordinator, why);
    }
  }

  private void become(LeaderRole next, long underEpoch, String reason) {
    LeaderRole from = role;
    role = role.to(next);
    if (next == LeaderRole.STANDBY) {
      LOG.debug("coordinator {} is a standby again after epoch {}", coordinator, underEpoch);
    } else {
      LOG.info("coordinator {} {}", coordinator, reason);
    }
    listener.onTransition(new Transition(coordinator, from, next, underEpoch, reason));
  }
}
