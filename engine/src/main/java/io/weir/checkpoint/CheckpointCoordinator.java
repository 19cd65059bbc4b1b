package io.weir.checkpoint;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.CheckpointStorages;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.checkpoint.storage.StateFile;
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
import io.weir.state.KeyedStateHandle;
import io.weir.state.SnapshotTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's checkpoint coordinator: triggers checkpoints at the source tasks on the configured
 * interval (respecting the minimum pause and the maximum concurrent checkpoints), collects the
 * acknowledgements, writes the metadata last and atomically, notifies the tasks, keeps the
 * configured number of completed checkpoints and deletes older ones. A checkpoint that times out
 * or is declined is aborted and its files removed; past the tolerated number of consecutive
 * failures the job fails. All methods run on the coordinator's context.
 */
public final class CheckpointCoordinator {
  private static final Logger log = LoggerFactory.getLogger(CheckpointCoordinator.class);
  private static final int HISTORY = 30;

  /** What the coordinator needs from the job it checkpoints. */
  public interface Host {
    /** Every deployed attempt: a checkpoint waits for all of them. */
    Collection<TaskAttempt> runningTasks();

    /** The attempts of the source tasks, where checkpoints are triggered. */
    Collection<TaskAttempt> sourceTasks();

    /** Whether all tasks are running so a checkpoint can be taken. */
    boolean canCheckpoint();

    void send(TaskAttempt task, Record message);

    /** More checkpoints failed in a row than tolerated. */
    void checkpointingFailed(String reason);
  }

  /** Why a checkpoint is taken. */
  public enum Kind { PERIODIC, SAVEPOINT, FINAL }

  private final JobId job;
  private final JobGraph graph;
  private final Settings.Checkpoint settings;
  private final CheckpointStorage storage;
  private final CoordinatorContext ctx;
  private final Host host;
  private final long epoch;

  private long nextId = 1;
  private final TreeMap<Long, Pending> pending = new TreeMap<>();
  private final ArrayDeque<CheckpointMetadata> retained = new ArrayDeque<>();
  private boolean sweepSharedFiles;
  private final ArrayDeque<CheckpointStats> history = new ArrayDeque<>();
  private final Set<Long> corrupt = new HashSet<>();
  private int consecutiveFailures;
  private long lastCompletedAt;
  private long periodicTimer = -1;

  public CheckpointCoordinator(JobId job, JobGraph graph, Settings.Checkpoint settings, CheckpointStorage storage,
                               CoordinatorContext ctx, Host host, long epoch) {
    this.job = job;
    this.graph = graph;
    this.settings = settings;
    this.storage = storage;
    this.ctx = ctx;
    this.host = host;
    this.epoch = epoch;
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
    for (Pending p : new ArrayList<>(pending.values())) {
      fail(p, "the job stopped", false);
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
    long id = nextId++;
    long now = ctx.now();
    String savepointUri = null;
    if (kind == Kind.SAVEPOINT) {
      Path dir = Path.of(savepointDir).toAbsolutePath().normalize().resolve("savepoint-" + job + "-" + id);
      savepointUri = "directory:" + dir;
    }
    Map<TaskId, TaskAttempt> expected = new LinkedHashMap<>();
    for (TaskAttempt a : host.runningTasks()) {
      expected.put(a.task(), a);
    }
    CheckpointBarrier barrier = new CheckpointBarrier(id, now, kind == Kind.SAVEPOINT, savepointUri);
    CheckpointStats stats = new CheckpointStats(id, now, kind == Kind.SAVEPOINT, kind == Kind.FINAL, expected.size());
    Pending p = new Pending(id, kind, barrier, expected, stats);
    pending.put(id, p);
    addHistory(stats);
    p.timeout = ctx.setTimer(settings.timeout().toMillis(),
        () -> fail(p, "it expired after " + Durations.format(settings.timeout()) + " before "
            + missing(p) + " acknowledged", true));
    log.debug("triggering {} {} of job {} at {} source tasks", kindLabel(kind), id, job, host.sourceTasks().size());
    for (TaskAttempt source : host.sourceTasks()) {
      host.send(source, new TriggerCheckpoint(epoch, source, barrier));
    }
    return p.promise.future();
  }

  private static String kindLabel(Kind kind) {
    return switch (kind) {
      case PERIODIC -> "checkpoint";
      case SAVEPOINT -> "savepoint";
      case FINAL -> "final checkpoint";
    };
  }

  private String missing(Pending p) {
    List<String> missing = new ArrayList<>();
    for (TaskId t : p.expected.keySet()) {
      if (!p.acks.containsKey(t)) {
        missing.add(graph.task(t.vertex()).name() + " " + (t.subtask() + 1) + "/" + graph.task(t.vertex()).parallelism());
      }
    }
    return missing.size() > 5 ? missing.size() + " tasks" : "tasks " + String.join(", ", missing);
  }

  public void acknowledge(AcknowledgeCheckpoint ack) {
    Pending p = pending.get(ack.checkpointId());
    if (p == null) {
      log.debug("late acknowledgement of checkpoint {} from {} ignored", ack.checkpointId(), ack.attempt());
      if (retained.stream().noneMatch(m -> m.id() == ack.checkpointId())) { // the checkpoint failed: drop what it wrote
        deleteUnusedShared(sharedFilesOf(List.of(ack)), "late acknowledgement of checkpoint " + ack.checkpointId());
        String folder = folder(ack.checkpointId());
        ctx.executeBlocking(() -> {
          storage.deleteRecursively(folder);
          return null;
        }).onFailure(e -> log.debug("cleaning up checkpoint {} of job {}: {}", ack.checkpointId(), job, e.toString()));
      }
      return;
    }
    TaskAttempt expected = p.expected.get(ack.attempt().task());
    if (!ack.attempt().equals(expected)) {
      log.debug("acknowledgement of checkpoint {} from stale attempt {} dropped", ack.checkpointId(), ack.attempt());
      return;
    }
    p.acks.put(ack.attempt().task(), ack);
    p.stats.acknowledged(ack.attempt().task(), new CheckpointStats.TaskStats(ctx.now(), ack.syncMillis(),
        ack.asyncMillis(), ack.alignmentMillis(), ack.state().stateSize(), ack.state().uploadedSize()));
    if (p.acks.size() == p.expected.size()) {
      finalizeCheckpoint(p);
    }
  }

  public void decline(DeclineCheckpoint decline) {
    Pending p = pending.get(decline.checkpointId());
    if (p != null && decline.attempt().equals(p.expected.get(decline.attempt().task()))) {
      fail(p, "task " + decline.attempt().task() + " declined it: " + decline.reason(), true);
    }
  }

  /** Aborts every checkpoint in progress without counting it as a failure (the job is restarting). */
  public void abortAll(String reason) {
    for (Pending p : new ArrayList<>(pending.values())) {
      fail(p, reason, false);
    }
    sweepSharedFiles = true; // the failed attempts may have uploaded files no acknowledgement names
  }

  private void finalizeCheckpoint(Pending p) {
    ctx.cancelTimer(p.timeout);
    Map<String, List<KeyedStateHandle>> keyed = new LinkedHashMap<>();
    Map<String, TreeMap<Integer, byte[]>> operators = new LinkedHashMap<>();
    long size = 0;
    long uploaded = 0;
    for (AcknowledgeCheckpoint ack : p.acks.values()) {
      TaskId t = ack.attempt().task();
      TaskStateSnapshot s = ack.state();
      if (s.keyed() != null) {
        keyed.computeIfAbsent(graph.task(t.vertex()).head().name(), k -> new ArrayList<>()).add(s.keyed());
      }
      for (Map.Entry<String, byte[]> e : s.operatorState().entrySet()) {
        operators.computeIfAbsent(e.getKey(), k -> new TreeMap<>()).put(t.subtask(), e.getValue());
      }
      size += s.stateSize();
      uploaded += s.uploadedSize();
    }
    Map<String, List<byte[]>> operatorLists = new LinkedHashMap<>();
    operators.forEach((name, bySubtask) -> operatorLists.put(name, new ArrayList<>(bySubtask.values())));
    CheckpointStorage target = p.kind == Kind.SAVEPOINT ? CheckpointStorages.open(p.barrier.storageUri(), ctx.vertx()) : storage;
    String folder = p.kind == Kind.SAVEPOINT ? "" : folder(p.id);
    CheckpointMetadata metadata = new CheckpointMetadata(job.value(), p.id, p.barrier.timestamp(), p.kind == Kind.SAVEPOINT,
        target.uri(), keyed, operatorLists, size, uploaded);
    long totalSize = size;
    long totalUploaded = uploaded;
    ctx.executeBlocking(() -> {
      target.writeAtomically(path(folder, CheckpointMetadata.FILE), metadata.encode());
      return null;
    }).onComplete(ar -> {
      if (!pending.containsKey(p.id)) {
        return; // aborted while the metadata was being written
      }
      if (ar.failed()) {
        fail(p, "its metadata could not be written: " + ar.cause().getMessage(), true);
        return;
      }
      complete(p, metadata, totalSize, totalUploaded,
          p.kind == Kind.SAVEPOINT ? p.barrier.storageUri().substring("directory:".length()) : target.uri() + "/" + folder);
    });
  }

  private void complete(Pending p, CheckpointMetadata metadata, long size, long uploaded, String location) {
    pending.remove(p.id);
    long now = ctx.now();
    p.stats.completed(now, size, uploaded, location);
    consecutiveFailures = 0;
    lastCompletedAt = now;
    log.info("{} {} of job {} complete: {} in {} ({} uploaded, {} tasks)", capitalized(kindLabel(p.kind)), p.id, job,
        bytes(size), Durations.format(Duration.ofMillis(now - p.barrier.timestamp())), bytes(uploaded), p.acks.size());
    for (Pending older : new ArrayList<>(pending.headMap(p.id).values())) {
      fail(older, "checkpoint " + p.id + " completed first (subsumed)", false);
    }
    if (p.kind != Kind.SAVEPOINT) {
      retained.addLast(metadata);
      while (retained.size() > settings.retained()) {
        discard(retained.removeFirst());
      }
      if (sweepSharedFiles) {
        sweepSharedFiles = false;
        sweepSharedFiles(p.id);
      }
    }
    for (TaskAttempt t : p.expected.values()) {
      host.send(t, new CheckpointComplete(epoch, t, p.id));
    }
    p.promise.complete(metadata);
  }

  private void fail(Pending p, String reason, boolean counts) {
    if (pending.remove(p.id) == null) {
      return;
    }
    ctx.cancelTimer(p.timeout);
    p.stats.failed(ctx.now(), reason, counts);
    if (counts) {
      log.warn("{} {} of job {} failed: {}", capitalized(kindLabel(p.kind)), p.id, job, reason);
    } else {
      log.debug("{} {} of job {} aborted: {}", kindLabel(p.kind), p.id, job, reason);
    }
    for (TaskAttempt t : p.expected.values()) {
      host.send(t, new CheckpointAborted(epoch, t, p.id, reason));
    }
    // shared files the checkpoint uploaded are named for it alone: tasks reuse only files of completed checkpoints
    deleteUnusedShared(sharedFilesOf(p.acks.values()), "aborted checkpoint " + p.id);
    CheckpointStorage target = p.kind == Kind.SAVEPOINT ? CheckpointStorages.open(p.barrier.storageUri(), ctx.vertx()) : storage;
    String folder = p.kind == Kind.SAVEPOINT ? "" : folder(p.id);
    ctx.executeBlocking(() -> {
      if (folder.isEmpty()) {
        for (String name : target.list("")) {
          target.delete(name);
        }
        if (target instanceof DirectoryCheckpointStorage dir) {
          java.nio.file.Files.deleteIfExists(dir.root());
        }
      } else {
        target.deleteRecursively(folder);
      }
      return null;
    }).onFailure(e -> log.debug("cleaning up checkpoint {} of job {}: {}", p.id, job, e.toString()));
    p.promise.tryFail(new CheckpointException(kindLabel(p.kind) + " " + p.id + " of job " + job + " failed: " + reason));
    if (counts) {
      consecutiveFailures++;
      if (consecutiveFailures > settings.tolerableFailures()) {
        int failures = consecutiveFailures;
        consecutiveFailures = 0;
        host.checkpointingFailed(failures + " checkpoints failed in a row (tolerable: " + settings.tolerableFailures()
            + "); the last: " + reason);
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
    List<Long> ids = retained.stream().map(CheckpointMetadata::id).toList();
    retained.clear();
    return ctx.executeBlocking(() -> {
      storage.deleteRecursively(job.value());
      return null;
    }).<Void>mapEmpty()
        .onSuccess(v -> log.info("job {} finished; deleted its checkpoints {} from {}", job, ids, storage.uri()))
        .onFailure(e -> log.warn("could not delete the checkpoints of finished job {} from {}: {}", job, storage.uri(),
            e.getMessage()));
  }

  /** Deletes a subsumed checkpoint: its folder, and shared files no retained or pending checkpoint uses. */
  private void discard(CheckpointMetadata old) {
    List<String> unused = unusedShared(old.sharedFiles());
    log.debug("discarding checkpoint {} of job {} ({} shared files no longer needed)", old.id(), job, unused.size());
    ctx.executeBlocking(() -> {
      storage.deleteRecursively(folder(old.id()));
      for (String path : unused) {
        storage.delete(path);
      }
      return null;
    }).onFailure(e -> log.warn("could not delete checkpoint {} of job {}: {}", old.id(), job, e.getMessage()));
  }

  /**
   * Deletes the shared files uploaded for checkpoints before {@code completed} that nothing names:
   * those of attempts that failed before acknowledging. Runs when the first checkpoint after a
   * restart completes; files of later checkpoints are left alone, as they may still be uploading.
   */
  private void sweepSharedFiles(long completed) {
    Set<String> inUse = sharedInUse();
    String folder = job + "/shared";
    ctx.executeBlocking(() -> {
      int deleted = 0;
      for (String name : storage.list(folder)) {
        String path = folder + "/" + name;
        OptionalLong uploadedFor = SnapshotTarget.checkpointOfSharedFile(name);
        if (uploadedFor.isPresent() && uploadedFor.getAsLong() < completed && !inUse.contains(path)) {
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

  private static List<StateFile> sharedFilesOf(Collection<AcknowledgeCheckpoint> acks) {
    List<StateFile> files = new ArrayList<>();
    for (AcknowledgeCheckpoint a : acks) {
      if (a.state().keyed() != null) {
        files.addAll(a.state().keyed().sharedFiles());
      }
    }
    return files;
  }

  /** The paths among {@code files} that no retained checkpoint and no acknowledgement of a pending one names. */
  private List<String> unusedShared(List<StateFile> files) {
    Set<String> inUse = sharedInUse();
    return files.stream().map(StateFile::path).filter(path -> !inUse.contains(path)).distinct().toList();
  }

  /** The shared files that a retained checkpoint or an acknowledgement of a pending one names. */
  private Set<String> sharedInUse() {
    Set<String> inUse = new HashSet<>();
    for (CheckpointMetadata m : retained) {
      for (StateFile f : m.sharedFiles()) {
        inUse.add(f.path());
      }
    }
    for (StateFile f : sharedFilesOf(pending.values().stream().flatMap(p -> p.acks.values().stream()).toList())) {
      inUse.add(f.path());
    }
    return inUse;
  }

  private void deleteUnusedShared(List<StateFile> files, String of) {
    List<String> unused = unusedShared(files);
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

  /**
   * The newest retained checkpoint that is intact: its metadata and every state file present with
   * the recorded size. Unusable ones are reported and dropped. Completes with null when there is none.
   */
  public Future<CheckpointMetadata> latestForRestore() {
    List<CheckpointMetadata> candidates = new ArrayList<>(retained);
    java.util.Collections.reverse(candidates);
    candidates.removeIf(m -> corrupt.contains(m.id()));
    return ctx.executeBlocking(() -> {
      List<String> problems = new ArrayList<>();
      for (CheckpointMetadata m : candidates) {
        try {
          CheckpointMetadata onDisk = CheckpointMetadata.decode(storage.readFully(path(folder(m.id()), CheckpointMetadata.FILE)),
              "checkpoint " + m.id() + " of job " + job);
          for (StateFile f : onDisk.files()) {
            storage.checkPresent(f);
          }
          return new Verified(onDisk, problems);
        } catch (CorruptCheckpointException e) {
          problems.add(m.id() + ":" + e.getMessage());
        }
      }
      return new Verified(null, problems);
    }).map(v -> {
      for (String problem : v.problems) {
        long id = Long.parseLong(problem.substring(0, problem.indexOf(':')));
        markCorrupt(id, problem.substring(problem.indexOf(':') + 1));
      }
      return v.metadata;
    });
  }

  private record Verified(CheckpointMetadata metadata, List<String> problems) {
  }

  /** A checkpoint whose state could not be read is never used again. */
  public void markCorrupt(long checkpointId, String reason) {
    if (corrupt.add(checkpointId)) {
      retained.removeIf(m -> m.id() == checkpointId);
      log.warn("checkpoint {} of job {} is unusable ({}); the previous complete checkpoint will be used", checkpointId,
          job, reason);
    }
  }

  /** The job starts from {@code metadata} (a savepoint or an earlier run): later ids continue after it. */
  public void restoredFrom(CheckpointMetadata metadata) {
    nextId = Math.max(nextId, metadata.id() + 1);
    if (!metadata.savepoint() && retained.stream().noneMatch(m -> m.id() == metadata.id())) {
      retained.addLast(metadata);
    }
  }

  /** Loads a savepoint's or checkpoint's metadata from its folder or storage URI. */
  public static CheckpointMetadata load(String location, io.vertx.core.Vertx vertx) throws CorruptCheckpointException {
    CheckpointStorage s = CheckpointStorages.open(location, vertx);
    try {
      return CheckpointMetadata.decode(s.readFully(CheckpointMetadata.FILE), location);
    } catch (CorruptCheckpointException e) {
      throw e;
    } catch (Exception e) {
      throw new CorruptCheckpointException("cannot read " + location + ": " + e.getMessage());
    }
  }

  public List<CheckpointStats> history() {
    return new ArrayList<>(history);
  }

  public List<CheckpointMetadata> retained() {
    return new ArrayList<>(retained);
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

  private String folder(long id) {
    return job + "/chk-" + id;
  }

  private static String path(String folder, String file) {
    return folder.isEmpty() ? file : folder + "/" + file;
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1 << 20) {
      return String.format(java.util.Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    if (n < 1L << 30) {
      return String.format(java.util.Locale.ROOT, "%.1f MiB", n / 1048576.0);
    }
    return String.format(java.util.Locale.ROOT, "%.2f GiB", n / 1073741824.0);
  }

  /** A checkpoint under way. */
  private static final class Pending {
    final long id;
    final Kind kind;
    final CheckpointBarrier barrier;
    final Map<TaskId, TaskAttempt> expected;
    final Map<TaskId, AcknowledgeCheckpoint> acks = new HashMap<>();
    final CheckpointStats stats;
    final Promise<CheckpointMetadata> promise = Promise.promise();
    long timeout = -1;

    Pending(long id, Kind kind, CheckpointBarrier barrier, Map<TaskId, TaskAttempt> expected, CheckpointStats stats) {
      this.id = id;
      this.kind = kind;
      this.barrier = barrier;
      this.expected = expected;
      this.stats = stats;
    }
  }
}
