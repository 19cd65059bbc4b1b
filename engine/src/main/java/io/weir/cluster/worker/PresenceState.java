package io.weir.cluster.worker;

import java.util.EnumSet;
import java.util.Set;

/** The worker's presence connection to the leader, with its legal transitions checked on every change. */
public enum PresenceState {
  /** No connection: not registered yet, the connection failed, or either side closed it. */
  CLOSED,
  CONNECTING,
  /** Connected and the hello sent: the leader sees this incarnation's process go at once. */
  OPEN;

  private Set<PresenceState> next() {
    return switch (this) {
      case CLOSED -> EnumSet.of(CONNECTING);
      case CONNECTING -> EnumSet.of(OPEN, CLOSED);
      case OPEN -> EnumSet.of(CLOSED);
    };
  }

  /** The state after a move to {@code target}; throws when the move is illegal. */
  public PresenceState moveTo(PresenceState target) {
    if (!next().contains(target)) {
      throw new IllegalStateException("illegal presence transition " + this + " -> " + target);
    }
    return target;
  }
}
