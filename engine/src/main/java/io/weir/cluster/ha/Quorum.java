package io.weir.cluster.ha;

import io.weir.cluster.ha.ElectionBackend.Membership;
import io.weir.cluster.ha.ElectionSettings.QuorumScope;

/**
 * Whether a coordinator sees a majority, and of how many. The size counted over is the largest of
 * the configured minimum, the size last recorded by a leader (remembered even when the record is
 * lost with its partition) and the current view. The leader raises the recorded size at once and
 * lowers it only after members have been gone for {@link ElectionSettings#forgetMembersAfter}.
 */
final class Quorum {
  /** What one coordinator sees: {@code visible} of {@code expected}; a lead needs {@code needed}. */
  record Count(int visible, int expected, int needed, String unit) {
    boolean quorate() {
      return visible >= needed;
    }

    String describe() {
      return visible + " of " + expected + " " + unit + " visible, a lead needs " + needed;
    }
  }

  private final ElectionSettings settings;
  private int recorded;
  private long fewerSince = -1;

  Quorum(ElectionSettings settings) {
    this.settings = settings;
  }

  Count count(Membership view, LeaderRecord record, long now) {
    if (record != null) {
      recorded = record.members();
    }
    boolean members = settings.quorum() == QuorumScope.MEMBERS;
    int visible = members ? view.members() : view.coordinatorsOldestFirst().size();
    int expected = Math.max(settings.expectedMembers(), Math.max(recorded, visible));
    return new Count(visible, expected, expected / 2 + 1, members ? "members" : "coordinators");
  }

  /** A new lead starts with no members counted as gone. */
  void led(long now) {
    fewerSince = -1;
  }

  /** The size the leader should record now (the record's own when nothing changes). */
  int membersToRecord(LeaderRecord record, Count count, long now) {
    if (count.visible() >= record.members()) {
      fewerSince = -1;
      return Math.max(count.visible(), settings.expectedMembers());
    }
    if (fewerSince < 0) {
      fewerSince = now;
    }
    if (now - fewerSince >= settings.forgetMembersAfter().toMillis()) {
      fewerSince = -1;
      return Math.max(count.visible(), settings.expectedMembers());
    }
    return record.members();
  }
}
