package io.weir.checkpoint;

import io.vertx.core.Future;
import io.weir.checkpoint.storage.CheckpointLayout;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.checkpoint.storage.MirroredCheckpointStorage;
import io.weir.checkpoint.storage.StateFile;
import io.weir.cluster.CoordinatorContext;
import io.weir.runtime.JobId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completed checkpoints a job keeps, oldest first, and the choice of the one to restore from:
 * the newest, when it is intact in either copy (its metadata and every state file present with the
 * recorded size). A checkpoint found unusable, here or by a task that could not read its state, is
 * dropped and never chosen again; an older one is restored only where {@link RestorePolicy} allows.
 * Runs on the coordinator's context; storage is read through executeBlocking.
 */
final class RetainedCheckpoints {
  private static final Logger log = LoggerFactory.getLogger(RetainedCheckpoints.class);

  /** A retained checkpoint that turned out unusable, and why. */
  record Unusable(CheckpointId checkpointId, String reason) {
  }

  /**
   * What verifying the candidates found: the restore point (null when none is intact), the unusable
   * ones, and the files of the restore point read from the second copy.
   */
  private record Verified(CheckpointMetadata restorePoint, List<Unusable> unusable, List<String> copyUsed) {
  }

  private final JobId job;
  private final CheckpointStorage storage;
  private final CoordinatorContext ctx;
  private final ArrayDeque<CheckpointMetadata> retained = new ArrayDeque<>();
  /** The unusable checkpoints, and why. */
  private final Map<CheckpointId, String> corrupt = new HashMap<>();
  private final RestorePolicy policy;
  /** Filled off the context while verifying, by the storage's copy. */
  private final Queue<String> copyUsed = new ConcurrentLinkedQueue<>();
  /** The newest checkpoint that ever completed; empty until one did. */
  private Optional<CheckpointId> newestCompleted = Optional.empty();
  private RestoreNote restoreNote;

  RetainedCheckpoints(JobId job, CheckpointStorage storage, CoordinatorContext ctx, RestorePolicy policy) {
    this.job = job;
    this.storage = storage;
    this.ctx = ctx;
    this.policy = policy;
    if (storage instanceof MirroredCheckpointStorage mirrored) {
      mirrored.onCopyUsed(copyUsed::add);
    }
  }

  void add(CheckpointMetadata metadata) {
    retained.addLast(metadata);
    if (newestCompleted.isEmpty() || metadata.checkpointId().compareTo(newestCompleted.get()) > 0) {
      newestCompleted = Optional.of(metadata.checkpointId());
    }
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

  /**
   * The restore point: the newest completed checkpoint when it is intact (in either copy), else an
   * older intact one (or, when none is, null: the job's initial state) if the {@link RestorePolicy}
   * allows falling back. Otherwise fails with {@link UnsafeFallbackException}. Completes with null
   * when no checkpoint ever completed. Each call leaves a {@link #restoreNote()}.
   */
  Future<CheckpointMetadata> latestForRestore() {
    if (newestCompleted.isEmpty()) {
      return Future.succeededFuture();
    }
    List<CheckpointMetadata> candidates = new ArrayList<>(retained);
    Collections.reverse(candidates);
    candidates.removeIf(m -> corrupt.containsKey(m.checkpointId()));
    return ctx.executeBlocking(() -> verify(candidates)).compose(v -> {
      for (Unusable u : v.unusable()) {
        markCorrupt(u.checkpointId(), u.reason());
      }
      return choose(v);
    });
  }

  private Future<CheckpointMetadata> choose(Verified v) {
    CheckpointMetadata point = v.restorePoint();
    CheckpointId newest = newestCompleted.get();
    if (point != null && point.checkpointId().equals(newest)) {
      note(v.copyUsed().isEmpty() ? RestoreNote.Outcome.INTACT : RestoreNote.Outcome.COPY_USED, Optional.of(newest),
          v.copyUsed().isEmpty() ? "checkpoint " + newest + " is intact"
              : "checkpoint " + newest + " restored using its second copy: " + String.join("; ", v.copyUsed()));
      return Future.succeededFuture(point);
    }
    String unusable = corrupt.getOrDefault(newest, "it is no longer retained");
    String safe = policy.whyFallbackIsSafe();
    if (safe == null) {
      UnsafeFallbackException refusal = policy.refusal(job.value(), newest, unusable);
      note(RestoreNote.Outcome.REFUSED, Optional.of(newest), refusal.getMessage());
      log.error("job {}: {}", job, refusal.getMessage());
      return Future.failedFuture(refusal);
    }
    String older = point == null ? "the job's initial state" : "checkpoint " + point.id();
    String detail = "checkpoint " + newest + " is unusable (" + unusable + "); restoring " + older + " instead, as " + safe;
    note(RestoreNote.Outcome.FELL_BACK, point == null ? Optional.empty() : Optional.of(point.checkpointId()), detail);
    log.warn("job {}: {}", job, detail);
    return Future.succeededFuture(point);
  }

  private void note(RestoreNote.Outcome outcome, Optional<CheckpointId> checkpointId, String detail) {
    restoreNote = new RestoreNote(ctx.now(), outcome, checkpointId, detail);
  }

  /** What the last restore found; null before the first. */
  RestoreNote restoreNote() {
    return restoreNote;
  }

  /** Runs off the context: the first candidate whose metadata and state files are all there, in either copy. */
  private Verified verify(List<CheckpointMetadata> newestFirst) throws Exception {
    List<Unusable> unusable = new ArrayList<>();
    for (CheckpointMetadata m : newestFirst) {
      copyUsed.clear();
      try {
        String where = "checkpoint " + m.id() + " of job " + job;
        byte[] bytes = storage.readFully(CheckpointLayout.checkpointMetadata(job, m.checkpointId()), CheckpointMetadata::intact);
        CheckpointMetadata onDisk = CheckpointMetadata.decode(bytes, where);
        for (StateFile f : onDisk.files()) {
          storage.checkPresent(f);
        }
        return new Verified(onDisk, unusable, List.copyOf(copyUsed));
      } catch (CorruptCheckpointException e) {
        unusable.add(new Unusable(m.checkpointId(), e.getMessage()));
      }
    }
    return new Verified(null, unusable, List.of());
  }

  /** A checkpoint whose state could not be read is never used again. */
  void markCorrupt(CheckpointId checkpointId, String reason) {
    if (corrupt.putIfAbsent(checkpointId, reason) == null) {
      retained.removeIf(m -> m.checkpointId().equals(checkpointId));
      log.warn("checkpoint {} of job {} is unusable: {}", checkpointId, job, reason);
    }
  }
}
