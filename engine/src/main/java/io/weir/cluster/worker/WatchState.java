package io.weir.cluster.worker;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a worker stands with its leader, with the legal transitions checked on every change:
 * UNREGISTERED → REGISTERING → REGISTERED → LEADER_LOST (its tasks are being stopped) →
 * REGISTERING again, as a new incarnation; STRANDED when it could not register again for long
 * (its owner makes it join the cluster afresh); STOPPED when the worker stops.
 */
public enum WatchState {
  UNREGISTERED, REGISTERING, REGISTERED, LEADER_LOST, STRANDED, STOPPED;

  private Set<WatchState> next() {
    return switch (this) {
      case UNREGISTERED -> EnumSet.of(REGISTERING, STOPPED);
      case REGISTERING -> EnumSet.of(REGISTERED, STRANDED, STOPPED);
      case REGISTERED -> EnumSet.of(LEADER_LOST, STOPPED);
      case LEADER_LOST -> EnumSet.of(REGISTERING, STOPPED);
      case STRANDED -> EnumSet.of(STOPPED);
      case STOPPED -> EnumSet.noneOf(WatchState.class);
    };
  }

  /** The state after a move to {@code target}; throws when the move is illegal. */
  public WatchState moveTo(WatchState target) {
    if (!next().contains(target)) {
      throw new IllegalStateException("illegal leader-watch transition " + this + " -> " + target);
    }
    return target;
  }
}
