package io.weir.checkpoint;

import io.vertx.core.Future;
import io.weir.checkpoint.storage.CheckpointLayout;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.CheckpointStorages;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.checkpoint.storage.MirroredCheckpointStorage;
import io.weir.checkpoint.storage.StateFile;
import io.weir.checkpoint.storage.StorageUri;
import io.weir.cluster.CoordinatorContext;
import io.weir.cluster.protocol.AcknowledgeCheckpoint;
import io.weir.cluster.protocol.CheckpointAborted;
import io.weir.cluster.protocol.CheckpointComplete;
import io.weir.cluster.protocol.DeclineCheckpoint;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TriggerCheckpoint;
import io.weir.config.Durations;
import io.weir.config.Settings;
import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.network.CheckpointBarrier;
import io.weir.util.ByteSizes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's checkpoint coordinator: triggers checkpoints at the source tasks on the configured
 * interval (respecting the minimum pause and the maximum concurrent checkpoints), collects the
 * acknowledgements, writes the metadata last and atomically, notifies the tasks, keeps the
 * configured number of completed checkpoints ({@link RetainedCheckpoints}, which also chooses the
 * restore point) and has {@link CheckpointCleanup} delete what is no longer needed. A checkpoint that
 * times out or is declined is aborted and its files removed; past the tolerated number of
 * consecutive failures the job fails. Names come from {@code CheckpointLayout}. All methods run on
 * the coordinator's context.
 */
public final class CheckpointCoordinator {
  private static final Logger log = LoggerFactory.getLogger(CheckpointCoordinator.class);
  private static final int HISTORY = 30;

  /** Why a checkpoint is taken. */
  public enum Kind {
    PERIODIC("checkpoint"), SAVEPOINT("savepoint"), FINAL("final checkpoint");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    String title() {
      return Character.toUpperCase(label.charAt(0)) + label.substring(1);
    }
  }

  private final JobId job;
  private final JobGraph graph;
  private final Settings.Checkpoint settings;
  private final CheckpointStorage storage;
  private final CoordinatorContext ctx;
  private final CheckpointHost host;
  private final long epoch;
  private final RetainedCheckpoints retained;
  private final CheckpointCleanup cleanup;

  private CheckpointId nextId = new CheckpointId(1);
  private final TreeMap<CheckpointId, PendingCheckpoint> pending = new TreeMap<>();
  private final ArrayDeque<CheckpointStats> history = new ArrayDeque<>();
  private int consecutiveFailures;
  private long lastCompletedAt;
  private long periodicTimer = -1;

  public CheckpointCoordinator(JobId job, JobGraph graph, Settings.Checkpoint settings, CheckpointStorage storage,
                               CoordinatorContext ctx, CheckpointHost host, long epoch) {
    this.job = job;
    this.graph = graph;
    this.settings = settings;
    this.storage = withCopy(storage, settings, ctx);
    this.ctx = ctx;
    this.host = host;
    this.epoch = epoch;
    this.retained = new RetainedCheckpoints(job, this.storage, ctx, RestorePolicy.of(graph, settings));
    this.cleanup = new CheckpointCleanup(job, this.storage, ctx, this::sharedInUse);
  }

  /** The job's storage with the second copy {@code checkpoint.copy} asks for, unless it has one already. */
  private static CheckpointStorage withCopy(CheckpointStorage storage, Settings.Checkpoint settings, CoordinatorContext ctx) {
    StorageUri mirrored = CheckpointStorages.withCopy(storage.location(), settings.copy());
    return mirrored.equals(storage.location()) ? storage
        : new MirroredCheckpointStorage(storage, CheckpointStorages.open(mirrored.copy(), ctx.vertx()));
  }

  public CheckpointStorage storage() {
    return storage;
  }

  /** Starts periodic checkpoints (when an interval is set). */
  public void start() {
    if (settings.periodic() && periodicTimer < 0) {
      periodicTimer = ctx.setPeriodic(Math.max(1, settings.interval().toMillis()), this::periodic);
    }
  }

  public void stop() {
    if (periodicTimer >= 0) {
      ctx.cancelTimer(periodicTimer);
      periodicTimer = -1;
    }
    for (PendingCheckpoint p : new ArrayList<>(pending.values())) {
      fail(p, CheckpointFailure.aborted("the job stopped"));
    }
  }

  private void periodic() {
    if (!host.canCheckpoint() || pending.size() >= settings.maxConcurrent()) {
      return;
    }
    if (lastCompletedAt > 0 && ctx.now() - lastCompletedAt < settings.minPause().toMillis()) {
      return;
    }
    trigger(Kind.PERIODIC, null);
  }

  /**
   * Triggers a checkpoint now. A savepoint is written into a new folder under {@code savepointDir}.
   * Completes with the metadata once the checkpoint is complete.
   */
  public Future<CheckpointMetadata> trigger(Kind kind, String savepointDir) {
    if (!host.canCheckpoint()) {
      return Future.failedFuture("job " + job + " is not running, so no checkpoint can be taken now");
    }
    CheckpointId id = nextId;
    nextId = nextId.next();
    long now = ctx.now();
    StorageUri savepoint = kind == Kind.SAVEPOINT ? CheckpointLayout.savepoint(savepointDir, job, id) : null;
    Map<TaskId, TaskAttempt> expected = new LinkedHashMap<>();
    for (TaskAttempt a : host.runningTasks()) {
      expected.put(a.task(), a);
    }
    CheckpointBarrier barrier = new CheckpointBarrier(id, now, kind == Kind.SAVEPOINT,
        savepoint == null ? null : savepoint.format());
    CheckpointStats stats = new CheckpointStats(id, now, kind == Kind.SAVEPOINT, kind == Kind.FINAL, expected.size());
    PendingCheckpoint p = new PendingCheckpoint(id, kind, barrier, savepoint, expected, stats);
    pending.put(id, p);
    addHistory(stats);
    p.timeout = ctx.setTimer(settings.timeout().toMillis(),
        () -> fail(p, CheckpointFailure.failed("it expired after " + Durations.format(settings.timeout()) + " before "
            + missing(p) + " acknowledged")));
    log.debug("triggering {} {} of job {} at {} source tasks", kind.label, id, job, host.sourceTasks().size());
    for (TaskAttempt source : host.sourceTasks()) {
      host.send(source, new TriggerCheckpoint(epoch, source, barrier));
    }
    return p.promise.future();
  }

  private String missing(PendingCheckpoint p) {
    List<String> missing = new ArrayList<>();
    for (TaskId t : p.expected.keySet()) {
      if (!p.acks.containsKey(t)) {
        missing.add(graph.task(t.vertex()).name() + " " + (t.subtask() + 1) + "/" + graph.task(t.vertex()).parallelism());
      }
    }
    return missing.size() > 5 ? missing.size() + " tasks" : "tasks " + String.join(", ", missing);
  }

  public void acknowledge(AcknowledgeCheckpoint ack) {
    PendingCheckpoint p = pending.get(ack.checkpointId());
    if (p == null) {
      log.debug("late acknowledgement of checkpoint {} from {} ignored", ack.checkpointId(), ack.attempt());
      if (!retained.contains(ack.checkpointId())) { // the checkpoint failed: drop what it wrote
        cleanup.lateAcknowledgement(ack.checkpointId(), ack.state());
      }
      return;
    }
    TaskAttempt expected = p.expected.get(ack.attempt().task());
    if (!ack.attempt().equals(expected)) {
      log.debug("acknowledgement of checkpoint {} from stale attempt {} dropped", ack.checkpointId(), ack.attempt());
      return;
    }
    p.acks.put(ack.attempt().task(), ack);
    if (log.isDebugEnabled()) {
      TaskId t = ack.attempt().task();
      log.debug("task {} {}/{} of job {} acknowledged {} {}: synchronous part {} ms, asynchronous {} ms, alignment {} ms",
          graph.task(t.vertex()).name(), t.subtask() + 1, graph.task(t.vertex()).parallelism(), job, p.kind.label, p.id,
          ack.syncMillis(), ack.asyncMillis(), ack.alignmentMillis());
    }
    p.stats.acknowledged(ack.attempt().task(), new CheckpointStats.TaskStats(ctx.now(), ack.syncMillis(),
        ack.asyncMillis(), ack.alignmentMillis(), ack.state().stateSize(), ack.state().uploadedSize()));
    if (p.fullyAcknowledged()) {
      finalizeCheckpoint(p);
    }
  }

  public void decline(DeclineCheckpoint decline) {
    PendingCheckpoint p = pending.get(decline.checkpointId());
    if (p == null) {
      if (!retained.contains(decline.checkpointId())) { // it failed already: drop what the decliner left behind
        cleanup.lateDecline(decline.checkpointId());
      }
      return;
    }
    if (decline.attempt().equals(p.expected.get(decline.attempt().task()))) {
      cleanup.orphansMayExist(); // the decliner may have left partial shared files no acknowledgement names
      fail(p, CheckpointFailure.failed("task " + decline.attempt().task() + " declined it: " + decline.reason()));
    }
  }

  /** Aborts every checkpoint in progress without counting it as a failure (the job is restarting). */
  public void abortAll(String reason) {
    for (PendingCheckpoint p : new ArrayList<>(pending.values())) {
      if (p.recording == null) { // one being recorded is complete but for the store's answer: it ends with that
        fail(p, CheckpointFailure.aborted(reason));
      }
    }
    cleanup.orphansMayExist(); // the failed attempts may have uploaded files no acknowledgement names
  }

  /** The storage a checkpoint writes to: the job's, or a savepoint's own. */
  private CheckpointStorage target(PendingCheckpoint p) {
    return p.isSavepoint() ? CheckpointStorages.open(p.savepoint, ctx.vertx()) : storage;
  }

  private void finalizeCheckpoint(PendingCheckpoint p) {
    ctx.cancelTimer(p.timeout);
    CheckpointStorage target = target(p);
    String folder = p.isSavepoint() ? "" : CheckpointLayout.checkpointFolder(job, p.id);
    CheckpointMetadata metadata = p.metadata(job, graph, target.uri());
    ctx.executeBlocking(() -> {
      target.writeAtomically(CheckpointLayout.metadata(folder), metadata.encode());
      return null;
    }).onComplete(ar -> {
      if (!pending.containsKey(p.id)) {
        return; // aborted while the metadata was being written
      }
      if (ar.failed()) {
        fail(p, CheckpointFailure.failed("its metadata could not be written: " + ar.cause().getMessage()));
        return;
      }
      String location = p.isSavepoint() ? p.savepoint.location() : target.uri() + "/" + folder;
      Future<Void> recorded = p.isSavepoint() ? Future.succeededFuture() : host.recordCompleted(p.id, location);
      p.recording = recorded;
      recorded.onComplete(stored -> {
        if (!pending.containsKey(p.id)) {
          return; // aborted while it was being recorded
        }
        if (stored.failed()) {
          fail(p, CheckpointFailure.aborted("it could not be recorded in the job store (" + stored.cause().getMessage()
              + "), so no sink is told to commit it"));
          return;
        }
        complete(p, metadata, location);
      });
    });
  }

  private void complete(PendingCheckpoint p, CheckpointMetadata metadata, String location) {
    pending.remove(p.id);
    long now = ctx.now();
    p.stats.completed(now, metadata.stateSize(), metadata.uploadedSize(), location);
    consecutiveFailures = 0;
    lastCompletedAt = now;
    log.info("{} {} of job {} complete: {} in {} ({} uploaded, {} tasks)", p.kind.title(), p.id, job,
        ByteSizes.format(metadata.stateSize()), Durations.format(Duration.ofMillis(now - p.barrier.timestamp())),
        ByteSizes.format(metadata.uploadedSize()), p.acks.size());
    for (PendingCheckpoint older : new ArrayList<>(pending.headMap(p.id).values())) {
      fail(older, CheckpointFailure.aborted("checkpoint " + p.id + " completed first (subsumed)"));
    }
    if (!p.isSavepoint()) {
      retained.add(metadata);
      while (retained.size() > settings.retained()) {
        cleanup.discard(retained.removeOldest());
      }
      cleanup.completed(p.id);
    }
    for (TaskAttempt t : p.expected.values()) {
      host.send(t, new CheckpointComplete(epoch, t, p.id));
    }
    host.checkpointCompleted(metadata);
    p.promise.complete(metadata);
  }

  private void fail(PendingCheckpoint p, CheckpointFailure failure) {
    if (pending.remove(p.id) == null) {
      return;
    }
    ctx.cancelTimer(p.timeout);
    p.stats.failed(ctx.now(), failure.reason(), failure.counts());
    if (failure.counts()) {
      log.warn("{} {} of job {} failed: {}", p.kind.title(), p.id, job, failure.reason());
    } else {
      log.debug("{} {} of job {} aborted: {}", p.kind.label, p.id, job, failure.reason());
    }
    for (TaskAttempt t : p.expected.values()) {
      host.send(t, new CheckpointAborted(epoch, t, p.id, failure.reason()));
    }
    cleanup.failed(p.id, p.acknowledgedState(), p.isSavepoint() ? target(p) : null);
    p.promise.tryFail(new CheckpointException(p.kind.label + " " + p.id + " of job " + job + " failed: "
        + failure.reason()));
    if (failure.counts()) {
      consecutiveFailures++;
      if (consecutiveFailures > settings.tolerableFailures()) {
        int failures = consecutiveFailures;
        consecutiveFailures = 0;
        host.checkpointingFailed(failures + " checkpoints failed in a row (tolerable: " + settings.tolerableFailures()
            + "); the last: " + failure.reason());
      }
    }
  }

  /**
   * The job finished, so none of its checkpoints will be restored: deletes its whole folder, the
   * retained checkpoints and every shared file, including any that an attempt which crashed before
   * acknowledging uploaded. Savepoints live in their own folders and stay. (The checkpoints of a
   * cancelled or failed job are kept, to resume from, as Flink's retain-on-cancellation does.)
   */
  public Future<Void> discardAll() {
    stop();
    return cleanup.deleteJob(retained.clear());
  }

  /** The shared files that a retained checkpoint or an acknowledgement of a pending one names. */
  private Set<String> sharedInUse() {
    Set<String> inUse = retained.sharedFilesInUse();
    for (PendingCheckpoint p : pending.values()) {
      for (StateFile f : TaskStateSnapshot.sharedFilesOf(p.acknowledgedState())) {
        inUse.add(f.path());
      }
    }
    return inUse;
  }

  /**
   * The checkpoint to restore: the newest completed one when it is intact in either copy (its
   * metadata and every state file present with the recorded size), else an older one only where that
   * cannot repeat committed output (at-least-once, no transactional sink, or
   * {@code checkpoint.allow-fallback}). Completes with null when no checkpoint completed, or when
   * falling back reaches the job's initial state; fails with {@link UnsafeFallbackException}, which
   * the job must fail with, when falling back is not allowed. {@link #restoreNote()} says which.
   */
  public Future<CheckpointMetadata> latestForRestore() {
    List<Future<Void>> recordings = new ArrayList<>();
    for (PendingCheckpoint p : pending.values()) {
      if (p.recording != null) {
        recordings.add(p.recording);
      }
    }
    // a checkpoint being recorded in the job store becomes the restore point if the store took it
    return Future.join(recordings).transform(settled -> retained.latestForRestore());
  }

  /** What the last {@link #latestForRestore()} found (intact, copy used, fell back, refused); null before the first. */
  public RestoreNote restoreNote() {
    return retained.restoreNote();
  }

  /** A checkpoint whose state could not be read is never used again. */
  public void markCorrupt(CheckpointId checkpointId, String reason) {
    retained.markCorrupt(checkpointId, reason);
  }

  /** The job starts from {@code metadata} (a savepoint or an earlier run): later ids continue after it. */
  public void restoredFrom(CheckpointMetadata metadata) {
    if (metadata.checkpointId().compareTo(nextId) >= 0) {
      nextId = metadata.checkpointId().next();
    }
    if (!metadata.savepoint() && !retained.contains(metadata.checkpointId())) {
      retained.add(metadata);
    }
  }

  public List<CheckpointStats> history() {
    return new ArrayList<>(history);
  }

  public List<CheckpointMetadata> retained() {
    return retained.list();
  }

  public int inProgress() {
    return pending.size();
  }

  private void addHistory(CheckpointStats stats) {
    history.addLast(stats);
    while (history.size() > HISTORY) {
      history.removeFirst();
    }
  }
}
