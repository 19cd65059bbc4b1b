package io.weir.cluster.ha;

import java.util.EnumSet;
import java.util.Set;

/**
 * A coordinator's part in the election. STANDBY → LEADING when its claim wins; LEADING → DEPOSED
 * when it sees a higher epoch, loses the quorum or cannot confirm its lead (it must stop every job
 * it runs); DEPOSED → STANDBY at its next check, from where it may claim again.
 */
public enum LeaderRole {
  STANDBY, LEADING, DEPOSED;

  public Set<LeaderRole> next() {
    return switch (this) {
      case STANDBY -> EnumSet.of(LEADING);
      case LEADING -> EnumSet.of(DEPOSED);
      case DEPOSED -> EnumSet.of(STANDBY);
    };
  }

  public LeaderRole to(LeaderRole next) {
    if (!next().contains(next)) {
      throw new IllegalStateException("a coordinator cannot go from " + this + " to " + next);
    }
    return next;
  }
}
