package io.weir.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.json.JsonObject;
import io.weir.cluster.JobStatus;
import io.weir.cluster.ha.CheckpointPointer;
import io.weir.cluster.ha.ElectionSettings;
import io.weir.cluster.ha.JobStore;
import io.weir.cluster.ha.LeaderElection;
import io.weir.cluster.ha.LeaderRecord;
import io.weir.cluster.ha.LeaderRole;
import io.weir.cluster.ha.StaleEpochException;
import io.weir.cluster.ha.StoredJob;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import io.weir.testing.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The election's and the job store's Hazelcast parts on three real members in this JVM (loopback,
 * a cluster name of their own), with Java deserialization refused for every class so that entry
 * processors crossing members prove they do without it.
 */
class HazelcastHaTest {
  private static final List<HazelcastInstance> MEMBERS = new ArrayList<>();

  @BeforeAll
  static void startThreeMembers() {
    String name = TestClusters.uniqueName();
    int port = TestClusters.randomPort();
    for (int i = 1; i <= 3; i++) {
      Config config = HazelcastConfigs.load(null, name, port);
      HazelcastElectionBackend.markCoordinator(config, "c-" + i);
      JavaSerializationFilterConfig noJava = new JavaSerializationFilterConfig().setDefaultsDisabled(true);
      noJava.getWhitelist().addClasses("io.weir.NoClassIsJavaSerialized");
      config.getSerializationConfig().setJavaSerializationFilterConfig(noJava);
      MEMBERS.add(Hazelcast.newHazelcastInstance(config));
    }
    await(() -> MEMBERS.get(2).getCluster().getMembers().size() == 3, "3 members");
  }

  @AfterAll
  static void stop() {
    MEMBERS.forEach(m -> m.getLifecycleService().terminate());
  }

  @Test
  void concurrentClaimsOnThreeMembersGiveUniqueStrictlyIncreasingEpochs() throws Exception {
    String key = HazelcastElectionBackend.KEY;
    MEMBERS.get(0).getMap(HazelcastElectionBackend.MAP).delete(key);
    int threadsPerMember = 3;
    int rounds = 40;
    ExecutorService pool = Executors.newFixedThreadPool(MEMBERS.size() * threadsPerMember);
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Long> won = new ConcurrentLinkedQueue<>();
    List<Future<?>> runs = new ArrayList<>();
    for (int m = 0; m < MEMBERS.size(); m++) {
      HazelcastElectionBackend backend = new HazelcastElectionBackend(MEMBERS.get(m));
      for (int t = 0; t < threadsPerMember; t++) {
        String claimant = "m" + m + "-t" + t;
        runs.add(pool.submit(() -> {
          start.await();
          long last = 0;
          for (int r = 0; r < rounds; r++) {
            LeaderRecord read = backend.read();
            long expected = read == null ? 0 : read.epoch();
            LeaderRecord after = backend.claim(expected, 0, claimant, 3);
            if (after.wonBy(claimant, expected)) {
              assertTrue(after.epoch() > last, claimant + " won epoch " + after.epoch() + " after " + last);
              last = after.epoch();
              won.add(after.epoch());
            }
          }
          return null;
        }));
      }
    }
    start.countDown();
    for (Future<?> f : runs) {
      f.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();
    Set<Long> unique = new HashSet<>(won);
    assertEquals(won.size(), unique.size(), "every epoch was won exactly once: " + won);
    long highest = new HazelcastElectionBackend(MEMBERS.get(1)).read().epoch();
    assertEquals(won.size(), highest, "epochs are consecutive: each claim that won took the next one");
    assertTrue(won.size() >= rounds, "at least one claim per round won");
  }

  @Test
  void threeCoordinatorsElectTheOldestAndTheNextOldestTakesOverWithAHigherEpoch() throws Exception {
    MEMBERS.get(0).getMap(HazelcastElectionBackend.MAP).delete(HazelcastElectionBackend.KEY);
    List<LeaderElection> elections = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      elections.add(new LeaderElection("c-" + (i + 1), new HazelcastElectionBackend(MEMBERS.get(i)),
          ElectionSettings.defaults(), () -> System.nanoTime() / 1_000_000, t -> { }));
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    for (int round = 0; round < 3; round++) {
      List<Future<?>> checks = new ArrayList<>();
      for (LeaderElection e : elections) {
        checks.add(pool.submit(e::check));
      }
      for (Future<?> f : checks) {
        f.get(1, TimeUnit.MINUTES);
      }
    }
    pool.shutdown();
    assertEquals(List.of(LeaderRole.LEADING, LeaderRole.STANDBY, LeaderRole.STANDBY),
        elections.stream().map(LeaderElection::role).toList());
    long first = elections.get(0).epoch();
    // c-1's member leaves (a plain member joins first, so the other tests keep three): c-2 is now the
    // oldest coordinator and sees 3 of the 3 members recorded
    HazelcastInstance extra = startReplacementMember();
    try {
      MEMBERS.get(0).getLifecycleService().terminate();
      await(() -> MEMBERS.get(1).getCluster().getMembers().size() == 3, "c-1 removed");
      elections.get(1).check();
      elections.get(2).check();
      assertEquals(LeaderRole.LEADING, elections.get(1).role());
      assertEquals(LeaderRole.STANDBY, elections.get(2).role());
      assertTrue(elections.get(1).epoch() > first, "the takeover's epoch " + elections.get(1).epoch()
          + " is above " + first);
    } finally {
      MEMBERS.set(0, extra);
    }
  }

  @Test
  void aJobStoreWriteUnderALowerEpochIsRefusedOnEveryMember() {
    JobStore oldLeader = new HazelcastJobStore(MEMBERS.get(0));
    JobStore newLeader = new HazelcastJobStore(MEMBERS.get(1));
    JobStore reader = new HazelcastJobStore(MEMBERS.get(2));
    JobId id = new JobId("fenced-" + TestClusters.uniqueName().substring(10));
    StoredJob job = StoredJob.submitted(id, new JobSpec("checked-count", List.of("--keys", "3"), 2, new JsonObject()),
        new JsonObject().put("checkpoint", new JsonObject().put("interval", "1s")), null);
    oldLeader.create(4, job);
    oldLeader.updateStatus(4, id, JobStatus.RUNNING);
    oldLeader.completeCheckpoint(4, id, new CheckpointPointer(7, "/ckpt/" + id + "/chk-7/_metadata"));

    List<StoredJob> adopted = newLeader.takeOver(5);
    assertTrue(adopted.stream().anyMatch(j -> j.id().equals(id) && j.latestCheckpoint().checkpointId() == 7),
        "the new leader loads the running job with its checkpoint pointer: " + adopted);

    StaleEpochException refused = assertThrows(StaleEpochException.class,
        () -> oldLeader.completeCheckpoint(4, id, new CheckpointPointer(8, "/ckpt/" + id + "/chk-8/_metadata")));
    assertEquals(5, refused.highest());
    StoredJob stored = reader.get(id);
    assertEquals(7, stored.latestCheckpoint().checkpointId());
    assertEquals(5, stored.epoch());
    newLeader.completeCheckpoint(5, id, new CheckpointPointer(8, "/ckpt/" + id + "/chk-8/_metadata"));
    assertEquals(8, reader.get(id).latestCheckpoint().checkpointId());
  }

  /** A value only Java serialization could carry. */
  record JavaOnly(String text) implements java.io.Serializable {
  }

  @Test
  void javaDeserializationIsRefusedSoTheseTestsProveTheEntryProcessorsDoWithoutIt() {
    String key = "java-" + System.nanoTime();
    MEMBERS.get(1).getMap("weir.test").set(key, new JavaOnly("x"));
    RuntimeException refused = assertThrows(RuntimeException.class, () -> MEMBERS.get(2).getMap("weir.test").get(key));
    assertTrue(String.valueOf(refused.getMessage()).contains("JavaOnly")
        || String.valueOf(refused.getCause()).contains("JavaOnly"), String.valueOf(refused));
  }

  private static HazelcastInstance startReplacementMember() {
    Config config = MEMBERS.get(1).getConfig();
    Config copy = HazelcastConfigs.load(null, config.getClusterName(), config.getNetworkConfig().getPort());
    HazelcastInstance m = Hazelcast.newHazelcastInstance(copy);
    await(() -> MEMBERS.get(1).getCluster().getMembers().size() == 4, "a fourth member");
    return m;
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 60 s: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }
}
