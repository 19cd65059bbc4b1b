package io.weir.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.storage.CheckpointLayout;
import io.weir.examples.CheckedCountOutput;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 1, with real processes: the newest completed checkpoint of {@code checked-count}
 * (exactly-once, a transactional file sink) is damaged on disk, then a worker is killed with
 * {@code kill -9}. Without a second copy the job must fail with a message that names the checkpoint,
 * the file and the way out, and its output holds no duplicate; with a copy it recovers from the
 * intact copy and its output is exactly once.
 */
@Tag("slow")
class CorruptCheckpointIT {
  private static final long KEYS = 300;
  private static final long PER_KEY = 1000;

  @TempDir
  Path dir;

  /** How the newest checkpoint is damaged, in the primary storage only. */
  private enum Damage { FLIPPED_BYTES, TRUNCATED_STATE_FILE, MISSING_METADATA }

  private static Path clusterDir() {
    return Path.of("target", "process-clusters", java.util.UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
  }

  @Test
  void flippedBytesWithoutACopyFailTheJobNamingCheckpointFileAndWayOutWithNoDuplicates() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 3, null)) {
      Damaged d = damageNewestThenKill(cluster, Damage.FLIPPED_BYTES, false);
      assertFailedCleanly(cluster, d, "fails its checksum");
    }
  }

  @Test
  void truncatedStateFileWithoutACopyFailsTheJobWithNoDuplicates() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 3, null)) {
      Damaged d = damageNewestThenKill(cluster, Damage.TRUNCATED_STATE_FILE, false);
      assertFailedCleanly(cluster, d, "partial file");
    }
  }

  @Test
  void missingMetadataWithoutACopyFailsTheJobWithNoDuplicates() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 3, null)) {
      Damaged d = damageNewestThenKill(cluster, Damage.MISSING_METADATA, false);
      assertFailedCleanly(cluster, d, "no metadata file");
    }
  }

  @Test
  void flippedBytesWithACopyRecoverFromTheIntactCopyExactlyOnce() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 3, null)) {
      Damaged d = damageNewestThenKill(cluster, Damage.FLIPPED_BYTES, true);
      assertRecoveredFromTheCopy(cluster, d);
      assertThat(anyWorkerLogMatches(cluster, Pattern.compile("checkpoint file .*chk-" + d.checkpoint()
          + "/.* is unusable \\(.*checksum.*\\); using its copy in directory:"))).as("a worker read the copy").isTrue();
    }
  }

  @Test
  void truncatedStateFileWithACopyRecoversFromTheIntactCopyExactlyOnce() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 3, null)) {
      Damaged d = damageNewestThenKill(cluster, Damage.TRUNCATED_STATE_FILE, true);
      assertRecoveredFromTheCopy(cluster, d);
      cluster.awaitLog("coordinator", Pattern.compile("checkpoint file .*chk-" + d.checkpoint()
          + "/.* is unusable \\(.*partial file.*\\); using its copy"), Duration.ofSeconds(5));
    }
  }

  @Test
  void missingMetadataWithACopyRecoversFromTheIntactCopyExactlyOnce() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(clusterDir(), 3, null)) {
      Damaged d = damageNewestThenKill(cluster, Damage.MISSING_METADATA, true);
      assertRecoveredFromTheCopy(cluster, d);
    }
  }

  private record Damaged(String job, long checkpoint, List<String> files) {
  }

  /**
   * Runs checked-count with a checkpoint every 3 s (and at least 3 s between them), waits for a
   * checkpoint to complete, damages it at once, before the next can, and kills the busiest worker.
   */
  private Damaged damageNewestThenKill(ProcessCluster cluster, Damage damage, boolean withCopy) throws Exception {
    JsonObject checkpoint = new JsonObject().put("interval", "3s").put("min-pause", "3s");
    if (withCopy) {
      checkpoint.put("copy", new JsonObject().put("storage", "directory").put("dir", cluster.dir().resolve("copy").toString()));
    }
    String id = cluster.submit("checked-count", 2, new JsonObject().put("checkpoint", checkpoint), "--keys",
        Long.toString(KEYS), "--per-key", Long.toString(PER_KEY), "--rate", "15000", "--out", dir.resolve("out").toString());
    JsonObject first = cluster.awaitJob(id, Duration.ofSeconds(60), s -> s.getString("state").equals("RUNNING")
        && s.getValue("latestCheckpoint") != null, "running past a checkpoint");
    long before = first.getLong("latestCheckpoint");
    JsonObject next = cluster.awaitJob(id, Duration.ofSeconds(30), s -> s.getLong("latestCheckpoint", -1L) > before,
        "a checkpoint after " + before + " completes");
    long newest = next.getLong("latestCheckpoint");
    Path folder = cluster.dir().resolve("checkpoints").resolve(id).resolve(CheckpointLayout.checkpointFolderName(new CheckpointId(newest)));
    List<String> damaged = damage(folder, damage);
    assertThat(damaged).as("files damaged in %s", folder).isNotEmpty();
    cluster.kill9(ProcessCluster.busiestWorker(next));
    return new Damaged(id, newest, damaged);
  }

  /** Damages the checkpoint in {@code folder}; returns the names of the files damaged. */
  private static List<String> damage(Path folder, Damage damage) throws IOException {
    if (damage == Damage.MISSING_METADATA) {
      Files.delete(folder.resolve(CheckpointLayout.METADATA));
      return List.of(CheckpointLayout.METADATA);
    }
    List<Path> stateFiles;
    try (Stream<Path> files = Files.list(folder)) {
      stateFiles = files.filter(p -> !p.getFileName().toString().startsWith("_")
          && !p.getFileName().toString().startsWith(".")).toList();
    }
    for (Path f : stateFiles) {
      try (RandomAccessFile file = new RandomAccessFile(f.toFile(), "rw")) {
        long length = file.length();
        if (damage == Damage.TRUNCATED_STATE_FILE) {
          file.setLength(length / 2);
        } else {
          file.seek(length / 2);
          int b = file.read();
          file.seek(length / 2);
          file.write(b ^ 0xff);
        }
      }
    }
    return stateFiles.stream().map(p -> p.getFileName().toString()).toList();
  }

  private void assertFailedCleanly(ProcessCluster cluster, Damaged d, String why) throws Exception {
    JsonObject failed = cluster.awaitJob(d.job(), Duration.ofSeconds(90), s -> List.of("FINISHED", "FAILED", "CANCELED")
        .contains(s.getString("state")), "its end");
    assertThat(failed.getString("state")).as(failed.encodePrettily()).isEqualTo("FAILED");
    String cause = failed.getString("failureCause");
    assertThat(cause).startsWith("checkpoint " + d.checkpoint() + " of job " + d.job() + " is unusable: ")
        .contains(why)
        .contains("would repeat output that the transactional sink 'output' already committed")
        .contains("Resume from a savepoint, or resubmit with --allow-fallback to accept duplicates");
    if (!d.files().equals(List.of(CheckpointLayout.METADATA))) {
      assertThat(d.files()).as("the cause names one of the damaged files: " + cause).anyMatch(cause::contains);
    }
    CheckedCountOutput.Report report = CheckedCountOutput.read(dir.resolve("out"), KEYS, PER_KEY);
    assertThat(report.duplicated()).as("no line written twice (the output may be incomplete): " + report).isZero();
    assertThat(report.malformed()).as(report.toString()).isZero();
  }

  private void assertRecoveredFromTheCopy(ProcessCluster cluster, Damaged d) throws Exception {
    JsonObject done = cluster.awaitJob(d.job(), Duration.ofSeconds(120), s -> List.of("FINISHED", "FAILED", "CANCELED")
        .contains(s.getString("state")), "its end");
    assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("FINISHED");
    CheckedCountOutput.Report report = CheckedCountOutput.read(dir.resolve("out"), KEYS, PER_KEY);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
    JsonArray failures = cluster.get("/jobs/" + d.job() + "/exceptions").getJsonArray("failures");
    assertThat(failures).as(failures.encodePrettily()).hasSize(1);
    assertThat(failures.getJsonObject(0).getLong("restoredCheckpoint")).as("restored the damaged checkpoint's copy")
        .isEqualTo(d.checkpoint());
  }

  private static boolean anyWorkerLogMatches(ProcessCluster cluster, Pattern pattern) throws IOException {
    try (Stream<Path> logs = Files.list(cluster.dir())) {
      for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("w-")).toList()) {
        if (Files.readAllLines(log).stream().anyMatch(l -> pattern.matcher(l).find())) {
          return true;
        }
      }
    }
    return false;
  }
}
