package io.weir.node;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.weir.cluster.ha.ElectionBackend;
import io.weir.cluster.ha.LeaderRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The election on Hazelcast: coordinators are the members with the attribute {@value #COORDINATOR},
 * Hazelcast lists members oldest first, and the leader record is one entry of the
 * {@value #MAP} map (2 backups, see weir-loopback.xml) changed only by a {@link LeaderRecordProcessor}.
 */
public final class HazelcastElectionBackend implements ElectionBackend {
  public static final String MAP = "weir.ha.leader";
  static final String KEY = "leader";
  /** The member attribute naming a coordinator; set before the member starts. */
  public static final String COORDINATOR = "weir.coordinator";

  private final HazelcastInstance hazelcast;

  public HazelcastElectionBackend(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
  }

  /** Marks the member {@code config} starts as the coordinator {@code name} (names are unique in a cluster). */
  public static void markCoordinator(Config config, String name) {
    config.getMemberAttributeConfig().setAttribute(COORDINATOR, name);
  }

  private IMap<String, String> map() {
    return hazelcast.getMap(MAP);
  }

  @Override
  public Membership membership() {
    List<String> coordinators = new ArrayList<>();
    int members = 0;
    for (Member m : hazelcast.getCluster().getMembers()) {
      if (m.isLiteMember()) {
        continue;
      }
      members++;
      String name = m.getAttribute(COORDINATOR);
      if (name != null) {
        coordinators.add(name);
      }
    }
    return new Membership(coordinators, members);
  }

  @Override
  public LeaderRecord read() {
    return LeaderRecord.decode(map().get(KEY));
  }

  @Override
  public LeaderRecord claim(long expectedEpoch, long highestSeen, String coordinator, int members) {
    return LeaderRecord.decode(map().executeOnKey(KEY,
        LeaderRecordProcessor.claim(expectedEpoch, highestSeen, coordinator, members)));
  }

  @Override
  public LeaderRecord confirm(long epoch, int members) {
    return LeaderRecord.decode(map().executeOnKey(KEY, LeaderRecordProcessor.confirm(epoch, members)));
  }
}
