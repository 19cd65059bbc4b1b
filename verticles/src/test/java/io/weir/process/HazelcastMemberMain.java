package io.weir.process;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.weir.node.HazelcastConfigs;
import java.util.stream.Collectors;

/**
 * A bare Hazelcast member with Weir's loopback config, for {@link MembershipHealIT}: prints one
 * line per change of its member list ({@code members <millis> <n> <ports>}) and per lifecycle
 * change ({@code lifecycle <millis> <state>}) and runs until killed.
 * Arguments: cluster name, base port, name.
 */
public final class HazelcastMemberMain {
  private HazelcastMemberMain() {
  }

  public static void main(String[] args) throws Exception {
    Config config = HazelcastConfigs.load(null, args[0], Integer.parseInt(args[1]));
    config.getMemberAttributeConfig().setAttribute("name", args[2]);
    config.addListenerConfig(new com.hazelcast.config.ListenerConfig(
        (com.hazelcast.core.LifecycleListener) e -> print("lifecycle " + System.currentTimeMillis() + " " + e.getState())));
    HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
    MembershipListener listener = new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent e) {
        report(hz);
      }

      @Override
      public void memberRemoved(MembershipEvent e) {
        report(hz);
      }
    };
    hz.getCluster().addMembershipListener(listener);
    report(hz);
    Thread.currentThread().join();
  }

  private static void report(HazelcastInstance hz) {
    var members = hz.getCluster().getMembers();
    print("members " + System.currentTimeMillis() + " " + members.size() + " "
        + members.stream().map(m -> m.getAttribute("name")).collect(Collectors.joining(",")));
  }

  private static synchronized void print(String line) {
    System.out.println(line);
    System.out.flush();
  }

}
