package io.weir.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nexmark q5 (sliding windows), q8 (a window join) and q11 (session windows) on a coordinator and
 * three worker processes: a run with a worker killed by {@code kill -9} mid-run commits exactly the
 * lines of a run without a failure.
 */
@Tag("slow")
class NexmarkFaultIT {
  @TempDir
  Path dir;

  private static Path clusterDir() {
    return Path.of("target", "process-clusters", java.util.UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
  }

  /** Runs the query into {@code out}, killing the busiest worker once a checkpoint completed when {@code kill} is set. */
  private List<String> run(String query, Path out, boolean kill) throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 3, null)) {
      String id = cluster.submit("nexmark", 2, null, "--query", query, "--events", "300000", "--rate", "30000",
          "--out", out.toString());
      if (kill) {
        JsonObject running = cluster.awaitJob(id, Duration.ofSeconds(60), s -> s.getString("state").equals("RUNNING")
            && s.getLong("recordsRead") > 60_000 && s.getValue("latestCheckpoint") != null, "running past a checkpoint");
        cluster.kill9(ProcessCluster.busiestWorker(running));
      }
      JsonObject done = cluster.awaitJob(id, Duration.ofSeconds(180), s -> List.of("FINISHED", "FAILED", "CANCELED")
          .contains(s.getString("state")), "its end");
      assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("FINISHED");
      if (kill) {
        assertThat(done.getInteger("failures")).isEqualTo(1);
      }
    }
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
        lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    }
    lines.sort(null);
    return lines;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"q5", "q8", "q11"})
  void aQueryKilledMidRunCommitsTheSameLinesAsARunWithoutAFailure(String query) throws Exception {
    List<String> clean = run(query, dir.resolve("clean"), false);
    List<String> killed = run(query, dir.resolve("killed"), true);

    assertThat(clean).isNotEmpty();
    assertThat(killed).isEqualTo(clean);
  }
}
