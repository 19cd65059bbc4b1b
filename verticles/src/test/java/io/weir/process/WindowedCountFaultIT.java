package io.weir.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weir.examples.WindowedCountOutput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Windows under real kills: {@code windowed-count} (out-of-order events, tumbling event-time windows
 * whose counts and timers are keyed state) on a coordinator and three worker processes, with a
 * worker killed by {@code kill -9} mid-run; every window must be written exactly once.
 */
@Tag("slow")
class WindowedCountFaultIT {
  private static final long KEYS = 200;
  private static final long PER_KEY = 2_000;
  private static final long WINDOW_MS = 50;

  @TempDir
  Path dir;

  @ParameterizedTest(name = "state backend {0}")
  @ValueSource(strings = {"heap", "rocksdb"})
  void killMinus9OfAWorkerMidRunWritesEveryWindowExactlyOnce(String backend) throws Exception {
    JsonObject settings = new JsonObject().put("state", new JsonObject().put("backend", backend));
    Path clusterDir = Path.of("target", "process-clusters", java.util.UUID.randomUUID().toString().substring(0, 8))
        .toAbsolutePath();
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir, 3, settings)) {
      String id = cluster.submit("windowed-count", 2, null, "--keys", "" + KEYS, "--per-key", "" + PER_KEY,
          "--window-ms", "" + WINDOW_MS, "--out-of-order-ms", "20", "--rate", "40000", "--out", dir.resolve("out").toString());
      JsonObject running = cluster.awaitJob(id, Duration.ofSeconds(60), s -> s.getString("state").equals("RUNNING")
          && s.getLong("recordsWritten") > 1_000 && s.getValue("latestCheckpoint") != null, "running past a checkpoint");
      String victim = ProcessCluster.busiestWorker(running);
      cluster.kill9(victim);
      JsonObject done = cluster.awaitJob(id, Duration.ofSeconds(120), s -> List.of("FINISHED", "FAILED", "CANCELED")
          .contains(s.getString("state")), "its end");
      assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("FINISHED");

      WindowedCountOutput.Report report = WindowedCountOutput.read(dir.resolve("out"), KEYS, PER_KEY, WINDOW_MS);
      assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
      JsonArray failures = cluster.get("/jobs/" + id + "/exceptions").getJsonArray("failures");
      assertThat(failures).hasSize(1);
      assertThat(failures.getJsonObject(0).getString("cause")).startsWith("worker " + victim + " lost");
      assertThat(failures.getJsonObject(0).getString("outcome")).isEqualTo("recovered");
    }
  }
}
