package io.weir.cluster;

import static io.weir.testing.TestClusters.awaitState;
import static io.weir.testing.TestClusters.onCoordinator;
import static io.weir.testing.TestClusters.submit;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.weir.examples.CheckedCountOutput;
import io.weir.examples.WordCount;
import io.weir.node.ClusterEvents;
import io.weir.node.LocalCluster;
import io.weir.runtime.JobId;
import io.weir.testing.TestClusters;
import io.weir.testing.TestSettings;
import io.weir.verticles.WorkerVerticle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs on a real three-worker Hazelcast cluster on loopback give exact results, spread over the nodes. */
class ClusterJobsTest {
  private final LocalCluster cluster = TestClusters.shared();

  @TempDir
  Path dir;

  @Test
  void checkedCountIsExactlyOnceWithCheckpointsEvery100msAcrossThreeNodes() throws Exception {
    Path out = dir.resolve("out");
    JobId id = submit(cluster, "checked-count", 3, TestSettings.checkpointsEvery("100ms"),
        "--keys", "500", "--per-key", "400", "--rate", "100000", "--out", out.toString());
    JsonObject done = awaitState(cluster, id, Duration.ofSeconds(60), JobStatus.FINISHED, JobStatus.FAILED);
    assertThat(done.getString("state")).isEqualTo("FINISHED");
    // its subtasks ran on different workers, which are different cluster members (a finished job keeps its placement)
    Set<String> workers = done.getJsonArray("tasks").stream().map(t -> ((JsonObject) t).getString("worker"))
        .collect(Collectors.toSet());
    Map<String, String> nodeOf = cluster.workers().stream().collect(Collectors.toMap(WorkerVerticle::name,
        w -> ClusterEvents.nodeId(cluster.workerNode(cluster.workers().indexOf(w)).vertx())));
    Set<String> nodes = new HashSet<>();
    workers.forEach(w -> nodes.add(nodeOf.get(w)));
    assertThat(nodes).as("cluster members running the job's subtasks").hasSize(3);
    int completed = onCoordinator(cluster, jm -> jm.job(id).checkpoints().history().size());
    assertThat(completed).as("checkpoints taken while running").isGreaterThan(3);
    CheckedCountOutput.Report report = CheckedCountOutput.read(out, 500, 400);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
  }

  @Test
  void wordCountOverAFileGivesExactRunningCounts() throws Exception {
    Path input = dir.resolve("input.txt");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      text.append(WordCount.generatedLine(i)).append(i % 7 == 0 ? " Weir's weir\n" : "\n");
    }
    Files.writeString(input, text, StandardCharsets.UTF_8);
    Path out = dir.resolve("counts");
    JobId id = submit(cluster, "word-count", 2, null, "--input", input.toString(), "--out", out.toString());
    assertThat(awaitState(cluster, id, Duration.ofSeconds(60), JobStatus.FINISHED, JobStatus.FAILED).getString("state"))
        .isEqualTo("FINISHED");
    var verdict = new WordCount().outputCheck(new io.weir.api.JobArgs("word-count",
        java.util.List.of("--input", input.toString(), "--out", out.toString()))).orElseThrow().check();
    assertThat(verdict.ok()).as(verdict.summary()).isTrue();
  }

  @Test
  void wordCountOverGeneratedTextGivesExactRunningCounts() throws Exception {
    Path out = dir.resolve("counts");
    JobId id = submit(cluster, "word-count", 3, null, "--lines", "20000", "--out", out.toString());
    assertThat(awaitState(cluster, id, Duration.ofSeconds(60), JobStatus.FINISHED, JobStatus.FAILED).getString("state"))
        .isEqualTo("FINISHED");
    var verdict = new WordCount().outputCheck(new io.weir.api.JobArgs("word-count",
        java.util.List.of("--lines", "20000", "--out", out.toString()))).orElseThrow().check();
    assertThat(verdict.ok()).as(verdict.summary()).isTrue();
  }
}
