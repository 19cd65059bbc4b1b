package io.weir.cluster;

import io.weir.runtime.JobId;

/** A registered worker: its slots, which job holds each, and when it last answered a heartbeat. */
public final class Worker {
  private final String name;
  private final String incarnation;
  private final String nodeId;
  private final JobId[] slotOwners;
  private final long registeredAt;
  private long lastSeen;
  private long heartbeatsSent;

  Worker(String name, String incarnation, String nodeId, int slots, long now) {
    this.name = name;
    this.incarnation = incarnation;
    this.nodeId = nodeId;
    this.slotOwners = new JobId[slots];
    this.registeredAt = now;
    this.lastSeen = now;
  }

  public String name() {
    return name;
  }

  public String incarnation() {
    return incarnation;
  }

  public String nodeId() {
    return nodeId;
  }

  public int slots() {
    return slotOwners.length;
  }

  public long registeredAt() {
    return registeredAt;
  }

  public long lastSeen() {
    return lastSeen;
  }

  void seen(long now) {
    lastSeen = now;
  }

  long heartbeatsSent() {
    return heartbeatsSent;
  }

  void heartbeatSent() {
    heartbeatsSent++;
  }

  public int freeSlots() {
    int n = 0;
    for (JobId owner : slotOwners) {
      if (owner == null) {
        n++;
      }
    }
    return n;
  }

  JobId owner(int slot) {
    return slotOwners[slot];
  }

  void assign(int slot, JobId job) {
    slotOwners[slot] = job;
  }

  @Override
  public String toString() {
    return name;
  }
}
