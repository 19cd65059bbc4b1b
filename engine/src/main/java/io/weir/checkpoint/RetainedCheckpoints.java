package io.weir.checkpoint;

import io.vertx.core.Future;
import io.weir.checkpoint.storage.CheckpointLayout;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.checkpoint.storage.StateFile;
import io.weir.cluster.CoordinatorContext;
import io.weir.runtime.JobId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completed checkpoints a job keeps, oldest first, and the choice of the one to restore from:
 * the newest that is intact (its metadata and every state file present with the recorded size). A
 * checkpoint found unusable, here or by a task that could not read its state, is dropped and never
 * chosen again. Runs on the coordinator's context; storage is read through executeBlocking.
 */
final class RetainedCheckpoints {
  private static final Logger log = LoggerFactory.getLogger(RetainedCheckpoints.class);

  /** A retained checkpoint that turned out unusable, and why. */
  record Unusable(CheckpointId checkpointId, String reason) {
  }

  /** What verifying the candidates found: the restore point (null when none is intact) and the unusable ones. */
  private record Verified(CheckpointMetadata restorePoint, List<Unusable> unusable) {
  }

  private final JobId job;
  private final CheckpointStorage storage;
  private final CoordinatorContext ctx;
  private final ArrayDeque<CheckpointMetadata> retained = new ArrayDeque<>();
  private final Set<CheckpointId> corrupt = new HashSet<>();

  RetainedCheckpoints(JobId job, CheckpointStorage storage, CoordinatorContext ctx) {
    this.job = job;
    this.storage = storage;
    this.ctx = ctx;
  }

  void add(CheckpointMetadata metadata) {
    retained.addLast(metadata);
  }

  int size() {
    return retained.size();
  }

  /** Removes the oldest retained checkpoint and returns it. */
  CheckpointMetadata removeOldest() {
    return retained.removeFirst();
  }

  boolean contains(CheckpointId checkpointId) {
    return retained.stream().anyMatch(m -> m.checkpointId().equals(checkpointId));
  }

  List<CheckpointMetadata> list() {
    return new ArrayList<>(retained);
  }

  /** Forgets every retained checkpoint (their files are being deleted) and returns their ids. */
  List<CheckpointId> clear() {
    List<CheckpointId> ids = retained.stream().map(CheckpointMetadata::checkpointId).toList();
    retained.clear();
    return ids;
  }

  /** The paths of the shared files a retained checkpoint names. */
  Set<String> sharedFilesInUse() {
    Set<String> inUse = new HashSet<>();
    for (CheckpointMetadata m : retained) {
      for (StateFile f : m.sharedFiles()) {
        inUse.add(f.path());
      }
    }
    return inUse;
  }

  /** The newest intact retained checkpoint; unusable ones are reported and dropped. Completes with null when there is none. */
  Future<CheckpointMetadata> latestForRestore() {
    List<CheckpointMetadata> candidates = new ArrayList<>(retained);
    Collections.reverse(candidates);
    candidates.removeIf(m -> corrupt.contains(m.checkpointId()));
    return ctx.executeBlocking(() -> verify(candidates)).map(v -> {
      for (Unusable u : v.unusable()) {
        markCorrupt(u.checkpointId(), u.reason());
      }
      return v.restorePoint();
    });
  }

  /** Runs off the context: the first candidate whose metadata and state files are all there. */
  private Verified verify(List<CheckpointMetadata> newestFirst) throws Exception {
    List<Unusable> unusable = new ArrayList<>();
    for (CheckpointMetadata m : newestFirst) {
      try {
        CheckpointMetadata onDisk = CheckpointMetadata.decode(
            storage.readFully(CheckpointLayout.checkpointMetadata(job, m.checkpointId())), "checkpoint " + m.id() + " of job " + job);
        for (StateFile f : onDisk.files()) {
          storage.checkPresent(f);
        }
        return new Verified(onDisk, unusable);
      } catch (CorruptCheckpointException e) {
        unusable.add(new Unusable(m.checkpointId(), e.getMessage()));
      }
    }
    return new Verified(null, unusable);
  }

  /** A checkpoint whose state could not be read is never used again. */
  void markCorrupt(CheckpointId checkpointId, String reason) {
    if (corrupt.add(checkpointId)) {
      retained.removeIf(m -> m.checkpointId().equals(checkpointId));
      log.warn("checkpoint {} of job {} is unusable ({}); the previous complete checkpoint will be used", checkpointId,
          job, reason);
    }
  }
}
