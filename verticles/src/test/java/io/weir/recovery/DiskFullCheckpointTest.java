package io.weir.recovery;

import static io.weir.testing.TestClusters.awaitJob;
import static io.weir.testing.TestClusters.awaitState;
import static io.weir.testing.TestClusters.onCoordinator;
import static io.weir.testing.TestClusters.submit;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.CheckpointStats;
import io.weir.checkpoint.storage.CheckpointLayout;
import io.weir.cluster.FailureRecord;
import io.weir.cluster.JobStatus;
import io.weir.examples.CheckedCountOutput;
import io.weir.node.LocalCluster;
import io.weir.runtime.JobId;
import io.weir.testing.TestClusters;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item 6 of issue 11, for real: checkpoints go to a 4 MiB tmpfs. Filled up, checkpoints are declined
 * and aborted while the job keeps running; freed, the next checkpoint completes; a worker killed
 * afterwards restores a complete checkpoint (never a partial one), and the output is exactly once.
 * Needs root to mount the tmpfs (CI runs as root); skipped with the reason otherwise.
 */
class DiskFullCheckpointTest {
  private static final long KEYS = 200;
  private static final long PER_KEY = 1000;

  @TempDir
  Path dir;

  private Path disk;
  private boolean mounted;
  private LocalCluster cluster;

  @BeforeEach
  void mountASmallDisk() throws Exception {
    disk = Files.createDirectories(dir.resolve("small-disk"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString())
        .redirectErrorStream(true).start();
    String said = new String(mount.getInputStream().readAllBytes());
    mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    Assumptions.assumeTrue(mounted, "this test mounts a 4 MiB tmpfs to fill, which needs root: mount said " + said.trim());
  }

  @AfterEach
  void unmount() throws Exception {
    if (cluster != null) {
      TestClusters.await(cluster.close(), Duration.ofSeconds(60));
    }
    if (mounted) {
      new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void checkpointsDeclinedWhileTheDiskIsFullAreAbortedTheJobRunsOnAndOnlyCompleteOnesAreRestored() throws Exception {
    JsonObject settings = new JsonObject().put("checkpoint", new JsonObject().put("dir", disk.resolve("checkpoints").toString())
        .put("interval", "200ms").put("tolerable-failures", 1000));
    cluster = TestClusters.start(3, 2, TestClusters.config(dir, settings));
    Path out = dir.resolve("out");
    JobId id = submit(cluster, "checked-count", 2, null, "--keys", Long.toString(KEYS), "--per-key",
        Long.toString(PER_KEY), "--rate", "8000", "--out", out.toString());
    awaitJob(cluster, id, Duration.ofSeconds(60), s -> s.getString("state").equals("RUNNING")
        && s.getValue("latestCheckpoint") != null, "running past a checkpoint");

    Path filler = disk.resolve("filler");
    fillUp(filler);
    List<CheckpointStats> declined = awaitFailedCheckpoints(id, 2);
    CheckpointId lastDeclined = declined.get(declined.size() - 1).id();
    JsonObject duringFull = TestClusters.status(cluster, id);
    assertThat(duringFull.getString("state")).as("the job keeps running while checkpoints fail").isEqualTo("RUNNING");
    assertThat(duringFull.getInteger("failures")).isZero();

    Files.delete(filler);
    awaitJob(cluster, id, Duration.ofSeconds(30), s -> s.getLong("latestCheckpoint", -1L) > lastDeclined.value(),
        "a checkpoint after checkpoint " + lastDeclined + " completes once there is room");
    Path jobFolder = disk.resolve("checkpoints").resolve(CheckpointLayout.jobFolder(id));
    for (CheckpointStats failed : declined) {
      awaitGone(jobFolder.resolve(CheckpointLayout.checkpointFolderName(failed.id())));
    }

    JsonObject running = TestClusters.status(cluster, id);
    TestClusters.await(cluster.killWorker(TestClusters.busiestWorker(cluster, running)), Duration.ofSeconds(30));
    JsonObject done = awaitState(cluster, id, Duration.ofSeconds(120), JobStatus.FINISHED, JobStatus.FAILED);

    assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("FINISHED");
    List<FailureRecord> failures = onCoordinator(cluster, jm -> jm.job(id).failures());
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).restoredCheckpoint().orElseThrow()).as("restored a checkpoint completed after the disk was freed")
        .isGreaterThan(lastDeclined);
    CheckedCountOutput.Report report = CheckedCountOutput.read(out, KEYS, PER_KEY);
    assertThat(report.exactlyOnce()).as(report.toString()).isTrue();
  }

  /** Writes to {@code filler} until the disk has no room left. */
  private static void fillUp(Path filler) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream o = Files.newOutputStream(filler)) {
      while (true) {
        o.write(chunk);
      }
    } catch (IOException e) {
      assertThat(e.getMessage()).as("the disk filled up").contains("No space left");
    }
  }

  /** Waits until at least {@code n} checkpoints failed for want of space; returns those, oldest first. */
  private List<CheckpointStats> awaitFailedCheckpoints(JobId id, int n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<CheckpointStats> failed = onCoordinator(cluster, jm -> jm.job(id).checkpoints().history()).stream()
          .filter(c -> c.failure() != null && c.failure().contains("No space left")).toList();
      if (failed.size() >= n) {
        return failed;
      }
      assertThat(System.nanoTime()).as("%s checkpoints failed for want of space within 30 s", n).isLessThan(deadline);
      pause();
    }
  }

  private static void awaitGone(Path folder) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Files.exists(folder)) {
      assertThat(System.nanoTime()).as("%s, of a declined checkpoint, is deleted", folder).isLessThan(deadline);
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }
}
