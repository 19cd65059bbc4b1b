package io.weir.cluster;

import io.weir.config.Durations;
import io.weir.runtime.JobId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's view of the workers: registration, failure detection (missed heartbeats, or the
 * worker's cluster member leaving), and slot allocation. A worker declared dead is forgotten;
 * if it comes back it registers again as a fresh incarnation. Plain class: the caller supplies time.
 */
public final class WorkerRegistry {
  private static final Logger log = LoggerFactory.getLogger(WorkerRegistry.class);

  /** Told when workers come and go. */
  public interface Listener {
    void workerAdded(Worker worker);

    void workerLost(Worker worker, String reason, long detectedAt);

    /**
     * The worker was lost because it stopped answering (it may be hung or paused, not dead): its
     * process may still hold cluster resources, such as its share of Hazelcast's partitions.
     */
    default void workerUnresponsive(Worker worker) {
    }
  }

  private final Map<String, Worker> workers = new LinkedHashMap<>();
  private final long heartbeatIntervalMs;
  private final long heartbeatTimeoutMs;
  private final Listener listener;

  public WorkerRegistry(Duration heartbeatInterval, Duration heartbeatTimeout, Listener listener) {
    this.heartbeatIntervalMs = heartbeatInterval.toMillis();
    this.heartbeatTimeoutMs = heartbeatTimeout.toMillis();
    this.listener = listener;
  }

  /** Forgets every worker without telling the listener (a deposed leader no longer supervises them). */
  public void forgetAll() {
    workers.clear();
  }

  public Collection<Worker> workers() {
    return List.copyOf(workers.values());
  }

  public Worker worker(String name) {
    return workers.get(name);
  }

  public void register(String name, String incarnation, String nodeId, int slots, long now) {
    Worker existing = workers.get(name);
    if (existing != null) {
      if (existing.incarnation().equals(incarnation)) {
        existing.seen(now);
        return;
      }
      lose(existing, "it registered again as a new incarnation (it was restarted or paused)", now);
    }
    Worker w = new Worker(name, incarnation, nodeId, slots, now);
    workers.put(name, w);
    log.info("worker {} registered with {} slots", name, slots);
    listener.workerAdded(w);
  }

  /** A heartbeat answer; returns false when the answer is from an incarnation the leader does not know. */
  public boolean heartbeatAnswered(String name, String incarnation, long now) {
    Worker w = workers.get(name);
    if (w == null || !w.incarnation().equals(incarnation)) {
      return false;
    }
    w.seen(now);
    return true;
  }

  public void heartbeatSent(Worker w) {
    w.heartbeatSent();
  }

  /** Declares dead every worker that has not answered within the heartbeat timeout. */
  public void checkHeartbeats(long now) {
    for (Worker w : List.copyOf(workers.values())) {
      long silent = now - w.lastSeen();
      if (silent > heartbeatTimeoutMs) {
        long missed = Math.max(1, silent / Math.max(1, heartbeatIntervalMs));
        lose(w, "it missed " + missed + " heartbeats (no answer for " + Durations.format(Duration.ofMillis(silent)) + ")", now);
        listener.workerUnresponsive(w);
      }
    }
  }

  /** The worker's presence connection closed: its process died (or stopped). */
  public void connectionLost(String name, String incarnation, long now) {
    Worker w = workers.get(name);
    if (w != null && w.incarnation().equals(incarnation)) {
      lose(w, "its connection to the coordinator closed (the process is gone)", now);
    }
  }

  /** A cluster member left: every worker on it is dead at once. */
  public void nodeLeft(String nodeId, long now) {
    for (Worker w : List.copyOf(workers.values())) {
      if (w.nodeId().equals(nodeId)) {
        lose(w, "its cluster member left the cluster", now);
      }
    }
  }

  private void lose(Worker w, String reason, long now) {
    if (workers.remove(w.name()) != w) {
      return;
    }
    log.warn("worker {} is lost: {}", w.name(), reason);
    listener.workerLost(w, reason, now);
  }

  public boolean alive(Slot slot) {
    return holderOf(slot) != null;
  }

  /** The live worker that holds {@code slot}, or null when that worker (that incarnation of it) is gone. */
  public Worker holderOf(Slot slot) {
    Worker w = workers.get(slot.worker());
    return w != null && slot.isOn(w) ? w : null;
  }

  public int freeSlots() {
    return workers.values().stream().mapToInt(Worker::freeSlots).sum();
  }

  public int totalSlots() {
    return workers.values().stream().mapToInt(Worker::slots).sum();
  }

  /**
   * Allocates {@code count} free slots for {@code job}, spread over the workers (each next slot on
   * the worker with the most free slots, avoiding {@code avoid} while others have room). Returns
   * null and allocates nothing when there are not enough.
   */
  public List<Slot> allocate(JobId job, int count, Set<String> avoid) {
    if (freeSlots() < count) {
      return null;
    }
    List<Slot> result = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Worker best = workers.values().stream().filter(w -> w.freeSlots() > 0)
          .max(Comparator.comparingInt((Worker w) -> avoid.contains(w.name()) ? 0 : 1).thenComparingInt(Worker::freeSlots))
          .orElseThrow();
      for (int s = 0; s < best.slots(); s++) {
        if (best.owner(s) == null) {
          best.assign(s, job);
          result.add(new Slot(best.name(), best.incarnation(), s));
          break;
        }
      }
    }
    return result;
  }

  public void release(JobId job, Slot slot) {
    Worker w = holderOf(slot);
    if (w != null && job.equals(w.owner(slot.index()))) {
      w.assign(slot.index(), null);
    }
  }
}
