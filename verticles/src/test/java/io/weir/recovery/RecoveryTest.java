package io.weir.recovery;

import static io.weir.testing.TestClusters.awaitJob;
import static io.weir.testing.TestClusters.awaitState;
import static io.weir.testing.TestClusters.onCoordinator;
import static io.weir.testing.TestClusters.submit;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weir.cluster.FailureRecord;
import io.weir.cluster.JobStatus;
import io.weir.examples.CheckedCountOutput;
import io.weir.node.LocalCluster;
import io.weir.rest.RestApi;
import io.weir.runtime.JobId;
import io.weir.testing.FlakyJobs;
import io.weir.testing.TestClusters;
import io.weir.testing.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery on a real in-JVM Hazelcast cluster (three workers on loopback): a worker whose member is
 * killed, user code that throws, a restart strategy that gives up, region failover.
 */
class RecoveryTest {
  private static LocalCluster cluster;
  private static Path base;

  @TempDir
  Path dir;

  @BeforeAll
  static void startCluster() throws Exception {
    base = Files.createTempDirectory("weir-recovery");
    cluster = TestClusters.start(3, 2, TestClusters.config(base, null));
  }

  @AfterAll
  static void stopCluster() {
    TestClusters.await(cluster.close(), Duration.ofSeconds(60));
  }

  @Test
  void aKilledWorkerIsSeenLeavingAndTheJobRecoversExactlyOnceFromTheLastCheckpoint() throws Exception {
    Path out = dir.resolve("out");
    JobId id = submit(cluster, "checked-count", 2, TestSettings.checkpointsEvery("100ms"),
        "--keys", "400", "--per-key", "1000", "--rate", "100000", "--out", out.toString());
    JsonObject running = awaitJob(cluster, id, Duration.ofSeconds(30),
        s -> s.getString("state").equals("RUNNING") && s.getLong("recordsWritten") > 80_000
            && s.getValue("latestCheckpoint") != null, "running past a checkpoint");
    int victim = busiestWorker(running);
    long killedAt = System.currentTimeMillis();
    TestClusters.await(cluster.killWorker(victim), Duration.ofSeconds(30));

    JsonObject done = awaitState(cluster, id, Duration.ofSeconds(90), JobStatus.FINISHED, JobStatus.FAILED);
    assertThat(done.getString("state")).isEqualTo("FINISHED");
    CheckedCountOutput.Report report = CheckedCountOutput.read(out, 400, 1000);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();

    List<FailureRecord> failures = onCoordinator(cluster, jm -> jm.job(id).failures());
    assertThat(failures).hasSize(1);
    FailureRecord f = failures.get(0);
    assertThat(f.cause()).contains("worker " + cluster.workers().get(victim).name())
        .containsAnyOf("its cluster member left the cluster", "its connection to the coordinator closed");
    assertThat(f.outcome()).isEqualTo("recovered");
    assertThat(f.restoredCheckpoint().orElseThrow().value()).as("restored from a checkpoint, not from the start").isPositive();
    assertThat(f.detectedAt() - killedAt).as("the kill was noticed before any heartbeat timeout (ms)").isLessThan(2000);
    assertThat(f.cancelledAt()).isGreaterThanOrEqualTo(f.detectedAt());
    assertThat(f.deployedAt()).isGreaterThanOrEqualTo(f.cancelledAt());
    // each task restores after it is deployed, so the last restore ends after the last deployment
    assertThat(f.restoredAt()).isGreaterThanOrEqualTo(f.deployedAt());
    assertThat(f.firstRecordAt()).isGreaterThanOrEqualTo(f.deployedAt());
    JsonArray exceptions = onCoordinator(cluster, jm -> RestApi.exceptions(jm.job(id))).getJsonArray("failures");
    assertThat(exceptions.getJsonObject(0).getJsonObject("timings").getLong("firstRecordMs")).isNotNull();

    TestClusters.await(cluster.addWorker(), Duration.ofSeconds(60));
  }

  @Test
  void checkpointsInTheReplicatedIMapAndAnUpsertSinkSurviveAKilledWorker() {
    JsonObject settings = TestSettings.checkpointsEvery("100ms");
    settings.getJsonObject("checkpoint").put("storage", "imap");
    String map = "weir.upserts-" + java.util.UUID.randomUUID().toString().substring(0, 6);
    JobId id = submit(cluster, "checked-count", 2, settings,
        "--keys", "200", "--per-key", "1000", "--rate", "80000", "--sink", "imap", "--map", map);
    JsonObject running = awaitJob(cluster, id, Duration.ofSeconds(30),
        s -> s.getString("state").equals("RUNNING") && s.getLong("recordsWritten") > 50_000
            && s.getValue("latestCheckpoint") != null, "running past a checkpoint");
    io.weir.cluster.ClusterMaps maps = io.weir.cluster.ClusterMaps.of(cluster.coordinatorNode().vertx());
    assertThat(maps.keys(io.weir.checkpoint.storage.CheckpointStorages.DEFAULT_MAP, id + "/"))
        .as("checkpoint files in the replicated IMap").isNotEmpty();
    TestClusters.await(cluster.killWorker(busiestWorker(running)), Duration.ofSeconds(30));

    JsonObject done = awaitState(cluster, id, Duration.ofSeconds(90), JobStatus.FINISHED, JobStatus.FAILED);
    assertThat(done.getString("state")).isEqualTo("FINISHED");
    List<FailureRecord> failures = onCoordinator(cluster, jm -> jm.job(id).failures());
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).restoredCheckpoint().orElseThrow().value()).as("restored from the IMap").isPositive();
    assertThat(maps.size(map)).as("every key,count upserted once, replays overwrote themselves").isEqualTo(200 * 1000);
    for (String line : List.of("0,1", "199,1000", "57,431")) {
      assertThat(io.weir.connector.UpsertMapSink.decode(maps.get(map, line)))
          .isEqualTo(Long.parseLong(line.substring(line.indexOf(',') + 1)));
    }
    TestClusters.await(cluster.addWorker(), Duration.ofSeconds(60));
  }

  @Test
  void aTaskThatThrowsIsRestartedAndTheFailureIsReportedWithItsStackTraceAndPosition() throws Exception {
    Path out = dir.resolve("out");
    JobId id = submit(cluster, FlakyJobs.FlakyCount.class.getName(), 2, TestSettings.checkpointsEvery("100ms"),
        "--keys", "50", "--per-key", "400", "--rate", "20000", "--fail-attempts", "2", "--out", out.toString());
    JsonObject done = awaitState(cluster, id, Duration.ofSeconds(60), JobStatus.FINISHED, JobStatus.FAILED);
    assertThat(done.getString("state")).isEqualTo("FINISHED");
    CheckedCountOutput.Report report = CheckedCountOutput.read(out, 50, 400);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();

    JsonArray failures = onCoordinator(cluster, jm -> RestApi.exceptions(jm.job(id))).getJsonArray("failures");
    assertThat(failures).hasSize(2);
    JsonObject first = failures.getJsonObject(0);
    assertThat(first.getString("cause")).contains("operator 'count'").contains("injected failure in attempt 0");
    assertThat(first.getString("position")).contains("record").contains("batch");
    assertThat(first.getString("stackTrace")).contains("IllegalStateException").contains("FlakyJobs");
    assertThat(first.getString("outcome")).isIn("recovered", "superseded by failure 2");
  }

  @Test
  void aRestartStrategyThatGivesUpFailsTheJobWithTheLastCause() {
    Path out = dir.resolve("out");
    int freeBefore = onCoordinator(cluster, jm -> jm.workers().freeSlots());
    JsonObject settings = TestSettings.checkpointsEvery("100ms")
        .put("restart", TestSettings.fixedDelayRestart(2, Duration.ofMillis(50)));
    JobId id = submit(cluster, FlakyJobs.FlakyCount.class.getName(), 2, settings,
        "--keys", "50", "--per-key", "400", "--fail-attempts", "-1", "--out", out.toString());
    JsonObject done = awaitState(cluster, id, Duration.ofSeconds(60), JobStatus.FINISHED, JobStatus.FAILED);
    assertThat(done.getString("state")).isEqualTo("FAILED");
    assertThat(done.getString("failureCause")).contains("injected failure").contains("gives up after 3 failures");
    List<FailureRecord> failures = onCoordinator(cluster, jm -> jm.job(id).failures());
    assertThat(failures).hasSize(3);
    assertThat((int) onCoordinator(cluster, jm -> jm.workers().freeSlots())).as("the failed job gave its slots back")
        .isEqualTo(freeBefore);
  }

  @Test
  void regionFailoverRestartsOnlyTheRegionOfTheFailedTask() throws Exception {
    Path out = dir.resolve("out");
    JsonObject settings = TestSettings.checkpointsEvery("100ms").put("failover", "region");
    JobId id = submit(cluster, FlakyJobs.FlakyPipeline.class.getName(), 2, settings,
        "--count", "40000", "--rate", "20000", "--fail-at", "20000", "--fail-subtask", "0", "--out", out.toString());
    JsonObject done = awaitState(cluster, id, Duration.ofSeconds(60), JobStatus.FINISHED, JobStatus.FAILED);
    assertThat(done.getString("state")).isEqualTo("FINISHED");
    Map<Integer, Integer> attemptBySubtask = new HashMap<>();
    for (Object t : done.getJsonArray("tasks")) {
      JsonObject task = (JsonObject) t;
      attemptBySubtask.merge(task.getInteger("subtask"), task.getInteger("attempt"), Math::max);
    }
    assertThat((int) attemptBySubtask.get(0)).as("the failed region ran again").isPositive();
    assertThat((int) attemptBySubtask.get(1)).as("the other region was never restarted").isZero();

    BitSet seen = new BitSet();
    long lines = 0;
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
        for (String line : Files.readAllLines(f)) {
          lines++;
          seen.set(Integer.parseInt(line));
        }
      }
    }
    assertThat(seen.cardinality()).as("every number once").isEqualTo(40000);
    assertThat(lines).as("and no number twice").isEqualTo(40000);
  }

  private int busiestWorker(JsonObject status) {
    Map<String, Integer> load = new HashMap<>();
    for (Object t : status.getJsonArray("tasks")) {
      load.merge(((JsonObject) t).getString("worker"), 1, Integer::sum);
    }
    int best = -1;
    for (int i = 0; i < cluster.workers().size(); i++) {
      if (cluster.alive(i) && (best < 0
          || load.getOrDefault(cluster.workers().get(i).name(), 0) > load.getOrDefault(cluster.workers().get(best).name(), 0))) {
        best = i;
      }
    }
    return best;
  }
}
