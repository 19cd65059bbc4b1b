package io.weir.cluster.ha;

import io.weir.cluster.ha.ElectionBackend.Membership;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** One leader record shared by several coordinators, each with the membership view a test gives it, and a fake clock. */
final class FakeElectionCluster {
  final AtomicLong clock = new AtomicLong(1_000);
  final List<LeaderElection.Transition> transitions = new ArrayList<>();
  private final Map<String, Membership> views = new HashMap<>();
  private LeaderRecord record;
  private int claims;

  /** Every named coordinator sees the same view: these coordinators (oldest first) and {@code workers} workers. */
  void everyoneSees(int workers, String... coordinators) {
    for (String c : coordinators) {
      sees(c, workers, coordinators);
    }
  }

  void sees(String coordinator, int workers, String... coordinators) {
    views.put(coordinator, new Membership(List.of(coordinators), coordinators.length + workers));
  }

  LeaderElection election(String coordinator, ElectionSettings settings) {
    return new LeaderElection(coordinator, backend(coordinator), settings, clock::get, transitions::add);
  }

  ElectionBackend backend(String coordinator) {
    return new ElectionBackend() {
      @Override
      public Membership membership() {
        return views.get(coordinator);
      }

      @Override
      public LeaderRecord read() {
        synchronized (FakeElectionCluster.this) {
          return record;
        }
      }

      @Override
      public LeaderRecord claim(long expectedEpoch, long highestSeen, String name, int members) {
        synchronized (FakeElectionCluster.this) {
          claims++;
          record = LeaderRecord.claim(record, expectedEpoch, highestSeen, name, members);
          return record;
        }
      }

      @Override
      public LeaderRecord confirm(long epoch, int members) {
        synchronized (FakeElectionCluster.this) {
          record = LeaderRecord.confirm(record, epoch, members);
          return record;
        }
      }
    };
  }

  synchronized LeaderRecord record() {
    return record;
  }

  synchronized void replaceRecord(LeaderRecord next) {
    record = next;
  }

  synchronized int claims() {
    return claims;
  }

  void advance(long millis) {
    clock.addAndGet(millis);
  }
}
