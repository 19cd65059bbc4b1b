package io.weir.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.weir.examples.CheckedCountOutput;
import io.weir.testing.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes, real coordinator failures: two or three coordinator processes (one leads, the
 * others stand by) and worker processes run {@code checked-count} with exactly-once checkpoints on
 * a checkpoint directory they all share, while the leader is killed with {@code kill -9} or paused
 * with {@code SIGSTOP}. A standby takes over and restarts the job from its latest completed
 * checkpoint; the output must be exactly-once every time. A coordinator that sees only a minority
 * of the coordinators must not lead at all.
 */
@Tag("slow")
class CoordinatorFailoverIT {
  private static final long KEYS = 300;
  private static final long PER_KEY = 1000;
  /** What a coordinator logs when it acts as the leader. */
  private static final Pattern LEADER_ACTS = Pattern.compile(
      "Checkpoint \\d+ of job .* complete|is running: \\d+ tasks|registered with \\d+ slots|taken over, restarting|"
          + "took over \\d+ jobs|Final checkpoint");

  @TempDir
  Path dir;

  private static Path clusterDir() {
    return Path.of("target", "process-clusters", java.util.UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
  }

  private String startCheckedCount(ProcessCluster cluster, String rate) throws Exception {
    return cluster.submit("checked-count", 2, null, "--keys", Long.toString(KEYS), "--per-key", Long.toString(PER_KEY),
        "--rate", rate, "--out", dir.resolve("out").toString());
  }

  private void assertExactlyOnce() throws Exception {
    CheckedCountOutput.Report report = CheckedCountOutput.read(dir.resolve("out"), KEYS, PER_KEY);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
  }

  @Test
  void killMinus9OfTheLeaderMidJobLetsAStandbyTakeOverWithExactlyOnceOutput() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 2, 3, null)) {
      String id = startCheckedCount(cluster, "20000");
      cluster.awaitRunningPastACheckpoint(id, 20_000);
      String old = cluster.kill9Coordinator();
      String next = cluster.awaitLeaderOtherThan(Set.of(old), Duration.ofSeconds(30));
      cluster.awaitLog(cluster.coordinatorLog(next), Pattern.compile("job " + id + " .*taken over, restarting from checkpoint"),
          Duration.ofSeconds(30));
      cluster.awaitFinished(id);
      assertExactlyOnce();
    }
  }

  @Test
  void aLeaderPausedPastTheTimeoutIsReplacedAndDoesNothingAfterItResumes() throws Exception {
    // a worker is Hazelcast's master here: pausing the master as well can split a loaded cluster for tens of seconds
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 2, 3, null, true)) {
      String id = startCheckedCount(cluster, "20000");
      cluster.awaitRunningPastACheckpoint(id, 20_000);
      String old = cluster.leader();
      cluster.signalCoordinator(old, "STOP");
      String next = cluster.awaitLeaderOtherThan(Set.of(old), Duration.ofSeconds(60));
      // on a loaded machine Hazelcast may split the others for a while after a member stops answering (it heals)
      cluster.awaitJob(id, Duration.ofSeconds(90), s -> s.getString("state").equals("RUNNING")
          && s.getLong("recordsWritten") > 0, "running again on " + next);
      cluster.signalCoordinator(old, "CONT");
      String deposed = cluster.awaitLog(cluster.coordinatorLog(old), Pattern.compile("lost the lead of epoch"),
          Duration.ofSeconds(30));
      cluster.awaitFinished(id);
      assertExactlyOnce();
      List<String> log = Files.readAllLines(cluster.dir().resolve(cluster.coordinatorLog(old) + ".log"));
      List<String> after = log.subList(log.indexOf(deposed) + 1, log.size());
      List<String> acted = new ArrayList<>(after.stream().filter(l -> LEADER_ACTS.matcher(l).find()).toList());
      assertThat(acted).as("what %s logged after it lost the lead", old).isEmpty();
      assertThat(cluster.leader()).isEqualTo(next);
    }
  }

  @Test
  void twoCoordinatorsStartedAtTheSameMomentElectOneLeader() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.startTogether(clusterDir(), 2, 3)) {
      Set<String> leaders = new java.util.HashSet<>();
      long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < until) {
        int leading = 0;
        for (String c : cluster.coordinatorNames()) {
          if ("leader".equals(cluster.get(cluster.url(c), "/cluster").getString("role"))) {
            leading++;
            leaders.add(c);
          }
        }
        assertThat(leading).as("coordinators that say they lead at once").isLessThanOrEqualTo(1);
        Thread.sleep(100);
      }
      assertThat(leaders).hasSize(1);
      String id = startCheckedCount(cluster, "100000");
      cluster.awaitFinished(id);
      assertExactlyOnce();
    }
  }

  @Test
  void theLeaderKilledThenTheNewLeaderKilledLeavesTheThirdInCharge() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 3, 2, null)) {
      String id = startCheckedCount(cluster, "15000");
      cluster.awaitRunningPastACheckpoint(id, 15_000);
      String first = cluster.kill9Coordinator();
      String second = cluster.awaitLeaderOtherThan(Set.of(first), Duration.ofSeconds(30));
      cluster.awaitRunningPastACheckpoint(id, 0);
      cluster.kill9Coordinator();
      String third = cluster.awaitLeaderOtherThan(Set.of(first, second), Duration.ofSeconds(30));
      assertThat(third).isNotIn(first, second);
      cluster.awaitFinished(id);
      assertExactlyOnce();
    }
  }

  @Test
  void theLeaderAndAWorkerKilledTogetherStillGiveExactlyOnceOutput() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 2, 3, null)) {
      String id = startCheckedCount(cluster, "20000");
      String worker = ProcessCluster.busiestWorker(cluster.awaitRunningPastACheckpoint(id, 20_000));
      cluster.kill9(worker);
      String old = cluster.kill9Coordinator();
      cluster.awaitLeaderOtherThan(Set.of(old), Duration.ofSeconds(30));
      JsonObject done = cluster.awaitFinished(id);
      assertExactlyOnce();
      assertThat(done.getJsonArray("tasks").stream().map(t -> ((JsonObject) t).getString("worker"))).doesNotContain(worker);
    }
  }

  /**
   * A checkpoint the leader has in flight: triggered and not yet complete, either waiting for a task's
   * acknowledgement or, all acknowledged, having its metadata and job-store pointer written.
   */
  private static JsonObject awaitCheckpointInFlight(ProcessCluster cluster, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (Object o : cluster.get("/jobs/" + id + "/checkpoints").getJsonArray("checkpoints")) {
        JsonObject c = (JsonObject) o;
        if ("IN_PROGRESS".equals(c.getString("status")) && "checkpoint".equals(c.getString("kind"))) {
          return c;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no checkpoint of job " + id + " was in flight within 30 s; logs in " + cluster.dir());
  }

  /** The checkpoint the new leader restarts {@code id} from, as it logs it. */
  private static long takenOverFrom(ProcessCluster cluster, String coordinator, String id) throws Exception {
    String line = cluster.awaitLog(cluster.coordinatorLog(coordinator),
        Pattern.compile("job " + id + " .*taken over, restarting from checkpoint \\d+"), Duration.ofSeconds(60));
    Matcher m = Pattern.compile("taken over, restarting from checkpoint (\\d+)").matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void killMinus9OfTheLeaderDuringACheckpointRestartsFromACompletedOneWithExactlyOnceOutput() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 2, 3, null)) {
      String id = startCheckedCount(cluster, "20000");
      String worker = ProcessCluster.busiestWorker(cluster.awaitRunningPastACheckpoint(id, 20_000));
      // a paused worker cannot acknowledge, so the leader's next checkpoint stays in flight until the kill
      // (the pause is far shorter than the heartbeat timeout: the worker is not declared lost)
      cluster.signal(worker, "STOP");
      JsonObject inFlight;
      String old;
      try {
        inFlight = awaitCheckpointInFlight(cluster, id);
        old = cluster.kill9Coordinator();
      } finally {
        cluster.signal(worker, "CONT");
      }
      long pending = inFlight.getLong("id");
      String next = cluster.awaitLeaderOtherThan(Set.of(old), Duration.ofSeconds(30));
      // the one in flight counts only if its pointer reached the job store before the kill
      assertThat(takenOverFrom(cluster, next, id)).as("the checkpoint the job restarts from").isLessThanOrEqualTo(pending);
      cluster.awaitFinished(id);
      assertExactlyOnce();
    }
  }

  @Test
  void killMinus9OfTheLeaderWhileTheJobRecoversFromALostWorkerGivesExactlyOnceOutput() throws Exception {
    // two seconds between the worker's loss and the restart: the leader is killed inside them
    JsonObject slowRestart = new JsonObject().put("restart", TestSettings.fixedDelayRestart(100, Duration.ofSeconds(2)));
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 2, 3, slowRestart)) {
      String id = startCheckedCount(cluster, "20000");
      String worker = ProcessCluster.busiestWorker(cluster.awaitRunningPastACheckpoint(id, 20_000));
      cluster.kill9(worker);
      cluster.awaitJob(id, Duration.ofSeconds(30), s -> s.getString("state").equals("RESTARTING"),
          "restarting after losing " + worker);
      String old = cluster.kill9Coordinator();
      String next = cluster.awaitLeaderOtherThan(Set.of(old), Duration.ofSeconds(30));
      takenOverFrom(cluster, next, id);
      JsonObject done = cluster.awaitFinished(id);
      assertExactlyOnce();
      assertThat(done.getJsonArray("tasks").stream().map(t -> ((JsonObject) t).getString("worker"))).doesNotContain(worker);
    }
  }

  @Test
  void aCoordinatorAloneInAMinorityOfTheCoordinatorsDoesNotLead() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.startWithCoordinatorQuorum(clusterDir(), 3, 2, null)) {
      String id = startCheckedCount(cluster, "20000");
      cluster.awaitRunningPastACheckpoint(id, 20_000);
      String leader = cluster.leader();
      List<String> others = cluster.coordinatorNames().stream().filter(c -> !c.equals(leader)).toList();
      String lone = others.get(1);
      List<String> paused = List.of(leader, others.get(0));
      for (String c : paused) {
        cluster.signalCoordinator(c, "STOP");
      }
      try {
        cluster.awaitLog(cluster.coordinatorLog(lone),
            Pattern.compile("coordinator " + lone + " stands by: no quorum \\(1 of 3 coordinators visible"),
            Duration.ofSeconds(60));
        // it knows it is alone; for two heartbeat timeouts more (a dozen election checks) it must not claim the lead
        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (System.nanoTime() < until) {
          assertThat(cluster.get(cluster.url(lone), "/cluster").getString("role")).as(lone + "'s role").isEqualTo("standby");
          Thread.sleep(200);
        }
      } finally {
        for (String c : paused) {
          cluster.signalCoordinator(c, "CONT");
        }
      }
      assertThat(Files.readAllLines(cluster.dir().resolve(cluster.coordinatorLog(lone) + ".log")))
          .as("%s claimed the lead", lone).noneMatch(l -> l.contains("coordinator " + lone + " leads with epoch"));
      cluster.awaitFinished(id);
      assertExactlyOnce();
    }
  }
}
