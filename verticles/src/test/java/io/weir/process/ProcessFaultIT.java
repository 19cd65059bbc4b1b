package io.weir.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weir.examples.CheckedCountOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real processes, real kills: a coordinator and three worker processes started from the fat jar run
 * {@code checked-count} with exactly-once checkpoints while workers are killed with {@code kill -9}
 * or paused with {@code SIGSTOP}; the output must be exactly-once every time.
 */
@Tag("slow")
class ProcessFaultIT {
  private static final long KEYS = 300;
  private static final long PER_KEY = 1000;

  @TempDir
  Path dir;

  /** The processes' logs and state stay under target/ for a look after a failure. */
  private static Path clusterDir() {
    return Path.of("target", "process-clusters", java.util.UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
  }

  private String startCheckedCount(ProcessCluster cluster, String rate, JsonObject settings) throws Exception {
    return cluster.submit("checked-count", 2, settings, "--keys", Long.toString(KEYS), "--per-key", Long.toString(PER_KEY),
        "--rate", rate, "--out", dir.resolve("out").toString());
  }

  private void assertExactlyOnce() throws Exception {
    CheckedCountOutput.Report report = CheckedCountOutput.read(dir.resolve("out"), KEYS, PER_KEY);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
  }

  private static JsonArray failures(ProcessCluster cluster, String id) throws Exception {
    return cluster.get("/jobs/" + id + "/exceptions").getJsonArray("failures");
  }

  @ParameterizedTest(name = "state backend {0}")
  @ValueSource(strings = {"heap", "rocksdb"})
  void killMinus9OfAWorkerMidRunLeavesExactlyOnceOutput(String backend) throws Exception {
    JsonObject settings = new JsonObject().put("state", new JsonObject().put("backend", backend));
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 3, settings)) {
      String id = startCheckedCount(cluster, "40000", null);
      String victim = ProcessCluster.busiestWorker(cluster.awaitRunningPastACheckpoint(id, 40_000));
      cluster.kill9(victim);
      cluster.awaitFinished(id);
      assertExactlyOnce();
      JsonArray failures = failures(cluster, id);
      assertThat(failures).hasSize(1);
      assertThat(failures.getJsonObject(0).getString("cause")).startsWith("worker " + victim + " lost");
      assertThat(failures.getJsonObject(0).getString("outcome")).isEqualTo("recovered");
    }
  }

  @Test
  void aWorkerPausedPastTheHeartbeatTimeoutIsReplacedAndTheZombieWritesNothingAfterItResumes() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 3, null)) {
      String id = startCheckedCount(cluster, "40000", null);
      String victim = ProcessCluster.busiestWorker(cluster.awaitRunningPastACheckpoint(id, 40_000));
      cluster.signal(victim, "STOP");
      // the coordinator's heartbeat (timeout 3 s) declares it dead; Hazelcast (10 s) has not yet
      JsonObject restarted = cluster.awaitJob(id, Duration.ofSeconds(30), s -> s.getInteger("failures") >= 1
          && s.getString("state").equals("RUNNING"), "restarted without the paused worker");
      assertThat(restarted.getJsonArray("tasks").stream().map(t -> ((JsonObject) t).getString("worker")))
          .doesNotContain(victim);
      JsonObject failure = failures(cluster, id).getJsonObject(0);
      assertThat(failure.getString("cause")).contains("worker " + victim + " lost").contains("missed");
      long restoredCheckpoint = failure.getLong("restoredCheckpoint");
      int zombieAttempt = 0;
      cluster.signal(victim, "CONT");

      cluster.awaitFinished(id);
      assertExactlyOnce();
      // every file the zombie's attempt committed belongs to a checkpoint the restart restored or earlier
      Pattern committed = Pattern.compile("part-\\d+-c(\\d+)-a(\\d+)-\\d+\\.txt");
      try (Stream<Path> files = Files.list(dir.resolve("out"))) {
        for (Path f : files.toList()) {
          Matcher m = committed.matcher(f.getFileName().toString());
          if (m.matches() && Integer.parseInt(m.group(2)) == zombieAttempt) {
            assertThat(Long.parseLong(m.group(1))).as("checkpoint of %s, committed by the zombie attempt", f.getFileName())
                .isLessThanOrEqualTo(restoredCheckpoint);
          }
        }
      }
      // the resumed worker cancelled its stale tasks and registered again as a fresh worker
      cluster.awaitCluster(s -> s.getJsonArray("workerList").stream()
          .anyMatch(w -> ((JsonObject) w).getString("name").equals(victim)), Duration.ofSeconds(60), victim + " registered again");
    }
  }

  @Test
  void workersThatLoseTheCoordinatorStopTheirTasksInsteadOfRunningUnsupervised() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 3, null)) {
      String id = startCheckedCount(cluster, "20000", null);
      JsonObject running = cluster.awaitRunningPastACheckpoint(id, 20_000);
      java.util.Set<String> busy = new java.util.TreeSet<>();
      running.getJsonArray("tasks").forEach(t -> busy.add(((JsonObject) t).getString("worker")));
      cluster.kill9Coordinator();
      for (String worker : busy) {
        String line = cluster.awaitLog(worker, Pattern.compile("lost the coordinator .*stopping its (\\d+) tasks"),
            Duration.ofSeconds(30));
        Matcher m = Pattern.compile("stopping its (\\d+) tasks").matcher(line);
        assertThat(m.find() && Integer.parseInt(m.group(1)) > 0).as(line).isTrue();
      }
    }
  }

  @Test
  void twoWorkersLostOneAfterTheOtherStillGiveExactlyOnceOutput() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 3, null)) {
      String id = startCheckedCount(cluster, "30000", null);
      String first = ProcessCluster.busiestWorker(cluster.awaitRunningPastACheckpoint(id, 30_000));
      cluster.kill9(first);
      JsonObject recovered = cluster.awaitJob(id, Duration.ofSeconds(60), s -> s.getInteger("failures") == 1
          && s.getString("state").equals("RUNNING") && s.getLong("recordsWritten") > 100_000, "recovered from the first kill");
      String second = ProcessCluster.busiestWorker(recovered);
      assertThat(second).isNotEqualTo(first);
      cluster.kill9(second);
      cluster.awaitFinished(id);
      assertExactlyOnce();
      assertThat(failures(cluster, id)).hasSize(2);
    }
  }

  @Test
  void aSecondWorkerLostWhileTheJobIsRestartingIsAvoidedAndTheOutputIsExactlyOnce() throws Exception {
    JsonObject slowRestart = new JsonObject().put("restart", new JsonObject().put("delay", "1500ms"));
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 3, slowRestart)) {
      String id = startCheckedCount(cluster, "40000", null);
      JsonObject running = cluster.awaitRunningPastACheckpoint(id, 40_000);
      String first = ProcessCluster.busiestWorker(running);
      cluster.kill9(first);
      cluster.awaitJob(id, Duration.ofSeconds(30), s -> s.getString("state").equals("RESTARTING"), "restarting");
      String second = running.getJsonArray("tasks").stream().map(t -> ((JsonObject) t).getString("worker"))
          .filter(w -> !w.equals(first)).findFirst().orElseThrow();
      cluster.kill9(second);
      JsonObject done = cluster.awaitFinished(id);
      assertExactlyOnce();
      assertThat(done.getJsonArray("tasks").stream().map(t -> ((JsonObject) t).getString("worker")))
          .as("the restart placed every task on the one surviving worker").doesNotContain(first, second);
      JsonArray failures = failures(cluster, id);
      assertThat(failures.getJsonObject(failures.size() - 1).getString("outcome")).isEqualTo("recovered");
    }
  }
}
