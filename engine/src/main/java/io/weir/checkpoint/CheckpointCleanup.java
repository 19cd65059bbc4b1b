package io.weir.checkpoint;

import io.vertx.core.Future;
import io.weir.checkpoint.storage.CheckpointLayout;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.checkpoint.storage.StateFile;
import io.weir.cluster.CoordinatorContext;
import io.weir.runtime.JobId;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the checkpoint files nothing needs any more: a subsumed checkpoint's folder, what a failed
 * checkpoint or a late acknowledgement of one wrote, shared files that no retained checkpoint and no
 * acknowledgement of a pending one names, the orphans that failed attempts uploaded, and a finished
 * job's whole folder. Which files are in use is decided on the coordinator's context when the
 * deletion is asked for; the deleting runs through executeBlocking.
 */
final class CheckpointCleanup {
  private static final Logger log = LoggerFactory.getLogger(CheckpointCleanup.class);

  private final JobId job;
  private final CheckpointStorage storage;
  private final CoordinatorContext ctx;
  private final Supplier<Set<String>> sharedInUse;
  private boolean sweepOrphans;

  /** {@code sharedInUse}: the paths of the shared files that a retained or pending checkpoint names. */
  CheckpointCleanup(JobId job, CheckpointStorage storage, CoordinatorContext ctx, Supplier<Set<String>> sharedInUse) {
    this.job = job;
    this.storage = storage;
    this.ctx = ctx;
    this.sharedInUse = sharedInUse;
  }

  /** The failed attempts of a restart may have uploaded shared files no acknowledgement names: sweep once a checkpoint completes. */
  void orphansMayExist() {
    sweepOrphans = true;
  }

  /** Checkpoint {@code id} completed and is retained; sweeps the orphans of a restart before it. */
  void completed(CheckpointId id) {
    if (sweepOrphans) {
      sweepOrphans = false;
      sweepOrphans(id);
    }
  }

  /** Deletes a subsumed checkpoint: its folder, and shared files no retained or pending checkpoint uses. */
  void discard(CheckpointMetadata old) {
    List<String> unused = unused(old.sharedFiles());
    log.debug("discarding checkpoint {} of job {} ({} shared files no longer needed)", old.id(), job, unused.size());
    ctx.executeBlocking(() -> {
      storage.deleteRecursively(CheckpointLayout.checkpointFolder(job, old.checkpointId()));
      for (String path : unused) {
        storage.delete(path);
      }
      return null;
    }).onFailure(e -> log.warn("could not delete checkpoint {} of job {}: {}", old.id(), job, e.getMessage()));
  }

  /**
   * Deletes what a failed checkpoint wrote: the shared files its acknowledgements name (named for it
   * alone: tasks reuse only files of completed checkpoints) and its folder, or the whole savepoint.
   */
  void failed(CheckpointId id, List<TaskStateSnapshot> acknowledged, CheckpointStorage savepoint) {
    deleteUnusedShared(TaskStateSnapshot.sharedFilesOf(acknowledged), "aborted checkpoint " + id);
    deleteOwnFiles(id, savepoint);
  }

  /** An acknowledgement of a checkpoint that failed arrived late: drops what it wrote. */
  void lateAcknowledgement(CheckpointId id, TaskStateSnapshot state) {
    deleteUnusedShared(TaskStateSnapshot.sharedFilesOf(List.of(state)), "late acknowledgement of checkpoint " + id);
    deleteOwnFiles(id, null);
  }

  /**
   * A task declined a checkpoint that had failed already (another task declined it first, say for
   * a full disk): files it wrote meanwhile may have made the checkpoint's folder again, so the
   * folder goes once more, and its partial shared files with the next sweep.
   */
  void lateDecline(CheckpointId id) {
    orphansMayExist();
    deleteOwnFiles(id, null);
  }

  /** The job finished: deletes its whole folder, retained checkpoints and every shared file, orphans included. */
  Future<Void> deleteJob(List<CheckpointId> retained) {
    return ctx.executeBlocking(() -> {
      storage.deleteRecursively(CheckpointLayout.jobFolder(job));
      return null;
    }).<Void>mapEmpty()
        .onSuccess(v -> log.info("job {} finished; deleted its checkpoints {} from {}", job, retained, storage.uri()))
        .onFailure(e -> log.warn("could not delete the checkpoints of finished job {} from {}: {}", job, storage.uri(),
            e.getMessage()));
  }

  private void deleteOwnFiles(CheckpointId id, CheckpointStorage savepoint) {
    String folder = CheckpointLayout.checkpointFolder(job, id);
    ctx.executeBlocking(() -> {
      if (savepoint != null) {
        for (String name : savepoint.list("")) {
          savepoint.delete(name);
        }
        if (savepoint instanceof DirectoryCheckpointStorage dir) {
          Files.deleteIfExists(dir.root());
        }
      } else {
        storage.deleteRecursively(folder);
      }
      return null;
    }).onFailure(e -> log.debug("cleaning up checkpoint {} of job {}: {}", id, job, e.toString()));
  }

  /**
   * Deletes the shared files uploaded for checkpoints before {@code completed} that nothing names:
   * those of attempts that failed before acknowledging. Files of later checkpoints are left alone,
   * as they may still be uploading.
   */
  private void sweepOrphans(CheckpointId completed) {
    Set<String> inUse = sharedInUse.get();
    String folder = CheckpointLayout.sharedFolder(job);
    ctx.executeBlocking(() -> {
      int deleted = 0;
      for (String name : storage.list(folder)) {
        String path = CheckpointLayout.in(folder, name);
        Optional<CheckpointId> uploadedFor = CheckpointLayout.checkpointOfSharedFile(name);
        if (uploadedFor.isPresent() && uploadedFor.get().compareTo(completed) < 0 && !inUse.contains(path)) {
          storage.delete(path);
          deleted++;
        }
      }
      return deleted;
    }).onSuccess(n -> {
      if (n > 0) {
        log.info("job {}: deleted {} shared state files that failed attempts uploaded and no checkpoint names", job, n);
      }
    }).onFailure(e -> log.warn("could not sweep the shared files of job {}: {}", job, e.getMessage()));
  }

  private void deleteUnusedShared(List<StateFile> files, String of) {
    List<String> unused = unused(files);
    if (unused.isEmpty()) {
      return;
    }
    log.debug("deleting {} shared files of {} of job {}", unused.size(), of, job);
    ctx.executeBlocking(() -> {
      for (String path : unused) {
        storage.delete(path);
      }
      return null;
    }).onFailure(e -> log.warn("could not delete the shared files of {} of job {}: {}", of, job, e.getMessage()));
  }

  /** The paths among {@code files} that nothing in use names. */
  private List<String> unused(List<StateFile> files) {
    Set<String> inUse = sharedInUse.get();
    return files.stream().map(StateFile::path).filter(path -> !inUse.contains(path)).distinct().toList();
  }
}
