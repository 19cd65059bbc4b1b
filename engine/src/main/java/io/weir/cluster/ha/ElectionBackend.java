package io.weir.cluster.ha;

import java.util.List;

/**
 * What {@link LeaderElection} needs of the cluster: this member's view of the membership, and the
 * leader record with its atomic claim and confirm. Hazelcast provides the real one; tests a fake.
 * Reads and claims may block (remote calls).
 */
public interface ElectionBackend {

  /** This member's current view: the coordinators oldest first, and how many members in all. */
  record Membership(List<String> coordinatorsOldestFirst, int members) {
    public Membership {
      coordinatorsOldestFirst = List.copyOf(coordinatorsOldestFirst);
    }
  }

  Membership membership();

  /** The stored leader record; null when none is stored (never written, or lost with its partition). */
  LeaderRecord read();

  /** Applies {@link LeaderRecord#claim} atomically and returns the record stored afterwards. */
  LeaderRecord claim(long expectedEpoch, long highestSeen, String coordinator, int members);

  /** Applies {@link LeaderRecord#confirm} atomically and returns the record stored afterwards. */
  LeaderRecord confirm(long epoch, int members);
}
