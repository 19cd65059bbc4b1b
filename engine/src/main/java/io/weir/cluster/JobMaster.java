package io.weir.cluster;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weir.checkpoint.CheckpointCoordinator;
import io.weir.checkpoint.CheckpointMetadata;
import io.weir.checkpoint.StateAssignment;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.cluster.protocol.AcknowledgeCheckpoint;
import io.weir.cluster.protocol.DeclineCheckpoint;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.FinishTask;
import io.weir.cluster.protocol.StartTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskFailed;
import io.weir.cluster.protocol.TaskFinished;
import io.weir.cluster.protocol.TaskFirstRecord;
import io.weir.cluster.protocol.TaskInputEnded;
import io.weir.cluster.protocol.TaskProgress;
import io.weir.cluster.protocol.TaskReport;
import io.weir.cluster.protocol.TaskRestore;
import io.weir.cluster.protocol.TaskRunning;
import io.weir.cluster.restart.RestartStrategy;
import io.weir.config.Durations;
import io.weir.config.WeirConfig;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.graph.TaskVertex;
import io.weir.runtime.task.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job on the cluster: places its subtasks on worker slots (slot sharing: slot i holds
 * subtask i of every task), deploys them, starts them once all are deployed, drives its checkpoint
 * coordinator, and recovers from failures: cancel the affected tasks (all of them, or only their
 * failover regions), wait as the restart strategy says, and deploy them again as a new attempt from
 * the last complete checkpoint. A bounded job ends with a final checkpoint that commits all output.
 * Runs on the coordinator's context; all its state is touched only there.
 */
public final class JobMaster implements CheckpointCoordinator.Host {
  private static final Logger log = LoggerFactory.getLogger(JobMaster.class);
  private static final long FINAL_CHECKPOINT_RETRY_MS = 500;

  private final JobId id;
  private final JobSpec spec;
  private final JobGraph graph;
  private final WeirConfig config;
  private final JsonObject clusterConfig;
  private final CoordinatorContext ctx;
  private final ClusterGateway gateway;
  private final WorkerRegistry workers;
  private final long epoch;
  private final RestartStrategy restartStrategy;
  private final CheckpointCoordinator checkpoints;
  private final CheckpointMetadata initialState;
  private final JobSlots slots;
  private final RecordCounts counts;
  private final TaskCanceller canceller;

  private JobStatus status = JobStatus.CREATED;
  private final long createdAt;
  private long runningSince;
  private long endedAt;
  private String failureCause;
  private final Map<TaskId, Execution> executions = new TreeMap<>();
  private int attempts = -1;
  private long version;
  private final List<FailureRecord> failures = new ArrayList<>();
  private FailureRecord recovering;
  private final Set<TaskId> restarting = new TreeSet<>();
  private PendingDeploy pendingDeploy;
  private String waitingFor;
  private boolean finalCheckpointTriggered;
  private boolean stoppingWithSavepoint;
  private long finishedRecords = -1;

  private record PendingDeploy(Set<TaskId> tasks, CheckpointMetadata restore, boolean restart, long version) {
  }

  public JobMaster(JobId id, JobSpec spec, JobSpec.Built built, JsonObject clusterConfig, CheckpointStorage storage,
                   CoordinatorContext ctx, ClusterGateway gateway, WorkerRegistry workers, long epoch,
                   CheckpointMetadata initialState) {
    this.id = id;
    this.spec = spec;
    this.graph = built.graph();
    this.config = built.config();
    this.clusterConfig = clusterConfig;
    this.ctx = ctx;
    this.gateway = gateway;
    this.workers = workers;
    this.epoch = epoch;
    this.initialState = initialState;
    this.restartStrategy = RestartStrategy.from(config.restart());
    this.checkpoints = new CheckpointCoordinator(id, graph, config.checkpoint(), storage, ctx, this, epoch);
    if (initialState != null) {
      checkpoints.restoredFrom(initialState);
    }
    this.createdAt = ctx.now();
    this.slots = new JobSlots(id, workers);
    this.counts = new RecordCounts(graph);
    this.canceller = new TaskCanceller(epoch, gateway, workers);
  }

  public JobId id() {
    return id;
  }

  public JobStatus status() {
    return status;
  }

  public JobGraph graph() {
    return graph;
  }

  public WeirConfig config() {
    return config;
  }

  public CheckpointCoordinator checkpoints() {
    return checkpoints;
  }

  public List<FailureRecord> failures() {
    return List.copyOf(failures);
  }

  public String failureCause() {
    return failureCause;
  }

  public Collection<Execution> executions() {
    return List.copyOf(executions.values());
  }

  /** Why the job is not running yet, if it waits (for slots). */
  public String waitingFor() {
    return waitingFor;
  }

  // ---------------------------------------------------------------- scheduling

  public void start() {
    log.info("job {} ({} {}) submitted: {} tasks in {} slots, checkpoints {}, restarts {}", id, spec.jobName(),
        String.join(" ", spec.args()), graph.allSubtasks().size(), graph.slotsNeeded(), describeCheckpoints(),
        restartStrategy.describe());
    deploy(new TreeSet<>(graph.allSubtasks()), initialState, false);
  }

  private String describeCheckpoints() {
    var c = config.checkpoint();
    return c.periodic() ? "every " + Durations.format(c.interval()) + " (" + c.mode().label() + ")" : "off";
  }

  private void deploy(Set<TaskId> tasks, CheckpointMetadata restore, boolean restart) {
    version++;
    pendingDeploy = new PendingDeploy(tasks, restore, restart, version);
    tryDeploy();
  }

  /** Deploys the pending tasks if there are slots enough; otherwise waits for workers to join. */
  private void tryDeploy() {
    PendingDeploy d = pendingDeploy;
    if (d == null || d.version != version || status.terminal() || status == JobStatus.CANCELLING) {
      return;
    }
    int missing = slots.acquire(d.tasks);
    if (missing > 0) {
      String reason = "waiting for " + missing + " free slots (" + workers.freeSlots() + " free of "
          + workers.totalSlots() + " on " + workers.workers().size() + " workers)";
      if (!reason.equals(waitingFor)) {
        log.warn("job {} needs {} more slots but only {} are free; waiting for workers to join", id, missing,
            workers.freeSlots());
      }
      waitingFor = reason;
      return;
    }
    waitingFor = null;
    pendingDeploy = null;
    int attempt = ++attempts;
    long deployVersion = version;
    List<Execution> deployed = new ArrayList<>();
    List<Future<?>> replies = new ArrayList<>();
    for (TaskId t : d.tasks) {
      Slot slot = slots.of(t);
      Execution e = new Execution(new TaskAttempt(id, t, attempt), slot);
      counts.retire(executions.put(t, e));
      e.moveTo(TaskState.DEPLOYING);
      deployed.add(e);
      TaskRestore restore = d.restore != null ? StateAssignment.forTask(d.restore, graph, t)
          : d.restart ? new TaskRestore(-1, checkpoints.storage().uri(), List.of(), Map.of()) : null;
      Worker worker = workers.holderOf(slot);
      Future<?> reply = worker == null
          ? Future.failedFuture("worker " + slot.worker() + " is gone")
          : gateway.deploy(worker, new DeployTask(epoch, e.attempt(), spec, clusterConfig, checkpoints.storage().uri(), restore))
              .onSuccess(r -> e.deployedAt(r.deployedAt()));
      replies.add(reply.recover(err -> Future.failedFuture(new DeployFailure(t, slot, err))));
    }
    Future.join(replies).onComplete(ar -> {
      if (version != deployVersion || status.terminal() || status == JobStatus.CANCELLING) {
        return; // superseded by a failure or a cancel meanwhile
      }
      if (ar.failed()) {
        DeployFailure f = (DeployFailure) ar.cause();
        Set<TaskId> failed = new HashSet<>();
        for (int i = 0; i < replies.size(); i++) {
          if (replies.get(i).failed()) {
            failed.add(deployed.get(i).attempt().task());
          }
        }
        // the tasks of this deployment that did deploy were never started: they restart with the failed ones
        restarting.addAll(d.tasks);
        handleFailure(failed, "deploying " + describe(f.task) + " on worker " + f.slot.worker() + " failed: "
            + f.getCause().getMessage(), null, "deployment", ctx.now(), -1);
        return;
      }
      for (Execution e : deployed) {
        gateway.requestTask(e.attempt(), new StartTask(epoch, e.attempt())).onFailure(err -> {
          if (isCurrent(e.attempt())) {
            handleFailure(Set.of(e.attempt().task()), describe(e.attempt().task()) + " could not be started: "
                + err.getMessage(), null, "start", ctx.now(), -1);
          }
        });
        e.tryMoveTo(TaskState.RUNNING);
      }
      long now = ctx.now();
      status = JobStatus.RUNNING;
      if (runningSince == 0) {
        runningSince = now;
      }
      Set<String> on = new TreeSet<>();
      deployed.forEach(e -> on.add(e.slot().worker()));
      if (d.restart && recovering != null) {
        // when the last task was deployed on its worker (it restores its state right after)
        long deployedAt = deployed.stream().mapToLong(Execution::deployedAt).max().orElse(now);
        recovering.deployed(deployedAt, d.restore == null ? -1 : d.restore.id(), deployed.size());
        log.info("job {} restarted {} tasks on {} from {} (deployed {}ms after the failure)", id, deployed.size(),
            String.join(", ", on), d.restore == null ? "the beginning (no checkpoint yet)" : "checkpoint " + d.restore.id(),
            deployedAt - recovering.failedAt());
      } else {
        log.info("job {} is running: {} tasks on workers {}{}", id, deployed.size(), String.join(", ", on),
            d.restore != null ? " (from " + (d.restore.savepoint() ? "savepoint" : "checkpoint") + " " + d.restore.id() + ")" : "");
      }
      checkpoints.start();
      if (allInputEnded()) {
        triggerFinalCheckpoint();
      }
    });
  }

  /** Why a deployment failed, and where. */
  private static final class DeployFailure extends RuntimeException {
    final TaskId task;
    final Slot slot;

    DeployFailure(TaskId task, Slot slot, Throwable cause) {
      super(cause.getMessage(), cause);
      this.task = task;
      this.slot = slot;
    }
  }

  /** A worker joined or slots were freed: retry a deployment that waits for slots. */
  public void slotsAvailable() {
    tryDeploy();
  }

  // ---------------------------------------------------------------- task reports

  /** A message from a task attempt; those of attempts that are not current are dropped (fencing). */
  public void onTaskMessage(TaskReport message) {
    TaskAttempt a = message.attempt();
    Execution e = executions.get(a.task());
    if (e == null || !e.attempt().equals(a)) {
      log.debug("job {}: dropped {} from stale attempt {}", id, message.getClass().getSimpleName(), a);
      return;
    }
    long now = ctx.now();
    if (message instanceof TaskRunning r) {
      e.runningAt(r.restoredAt());
      if (recovering != null) {
        recovering.restored(r.restoredAt());
        logIfRecovered();
      }
    } else if (message instanceof TaskFirstRecord f) {
      e.firstRecordAt(f.at());
      if (recovering != null && counts.isSink(a.task().vertex())) {
        recovering.firstRecord(f.at());
        logIfRecovered();
      }
    } else if (message instanceof TaskProgress p) {
      e.progress(p.recordsIn(), p.recordsOut(), p.backpressured(), p.diagnostics());
    } else if (message instanceof TaskInputEnded) {
      e.inputEnded(true);
      if (allInputEnded()) {
        triggerFinalCheckpoint();
      }
    } else if (message instanceof TaskFinished) {
      e.finished(true);
      e.tryMoveTo(TaskState.FINISHED);
      if (executions.values().stream().allMatch(Execution::finished)) {
        finishJob();
      }
    } else if (message instanceof TaskFailed f) {
      if (e.state() == TaskState.CANCELING || e.state() == TaskState.CANCELED) {
        // cancelled for a restart already under way: not another failure
        log.debug("job {}: {} failed while being cancelled: {}", id, describe(a.task()), f.error());
        if (f.corruptCheckpoint() >= 0) {
          checkpoints.markCorrupt(f.corruptCheckpoint(), f.error());
        }
        return;
      }
      e.tryMoveTo(TaskState.FAILED);
      handleFailure(Set.of(a.task()), describe(a.task()) + " failed: " + f.error(), f.stackTrace(), f.position(), f.at(),
          f.corruptCheckpoint());
    } else if (message instanceof AcknowledgeCheckpoint ack) {
      checkpoints.acknowledge(ack);
    } else if (message instanceof DeclineCheckpoint decline) {
      checkpoints.decline(decline);
    }
  }

  private void logIfRecovered() {
    if (recovering.completeIfRecovered()) {
      log.info("job {} recovered from failure {}: first record processed {}ms after the failure ({})", id,
          recovering.number(), recovering.firstRecordAt() - recovering.failedAt(), recovering.summary());
      recovering = null;
    }
  }

  /** Whether {@code attempt} is this job's current attempt of its task. */
  public boolean isCurrent(TaskAttempt attempt) {
    Execution e = executions.get(attempt.task());
    return e != null && e.attempt().equals(attempt) && !status.terminal();
  }

  // ---------------------------------------------------------------- finishing

  private boolean allInputEnded() {
    return status == JobStatus.RUNNING && executions.size() == graph.allSubtasks().size()
        && executions.values().stream().allMatch(Execution::inputEnded);
  }

  private void triggerFinalCheckpoint() {
    if (finalCheckpointTriggered || stoppingWithSavepoint || !canCheckpoint()) {
      return; // (a job being stopped ends at its savepoint, not at the end of its input)
    }
    long v = version;
    log.info("job {}: all input processed; taking the final checkpoint", id);
    Future<CheckpointMetadata> last = checkpoints.trigger(CheckpointCoordinator.Kind.FINAL, null);
    finalCheckpointTriggered = true; // no periodic checkpoint after the final one
    last.onComplete(ar -> {
      if (version != v || status != JobStatus.RUNNING) {
        return;
      }
      if (ar.succeeded()) {
        long finalCheckpoint = ar.result().id();
        for (Execution e : executions.values()) {
          gateway.requestTask(e.attempt(), new FinishTask(epoch, e.attempt(), finalCheckpoint)).onFailure(err -> {
            if (isCurrent(e.attempt())) {
              handleFailure(Set.of(e.attempt().task()), describe(e.attempt().task()) + " could not be finished: "
                  + err.getMessage(), null, "finish", ctx.now(), -1);
            }
          });
        }
      } else {
        log.warn("job {}: the final checkpoint failed ({}); trying again", id, ar.cause().getMessage());
        ctx.setTimer(FINAL_CHECKPOINT_RETRY_MS, () -> {
          if (version == v) {
            finalCheckpointTriggered = false;
            triggerFinalCheckpoint();
          }
        });
      }
    });
  }

  private void finishJob() {
    finishedRecords = recordsWritten();
    status = JobStatus.FINISHED;
    endedAt = ctx.now();
    checkpoints.discardAll();
    releaseAll("finished").onComplete(ar -> {
      log.info("job {} finished in {}: {} records read, {} written{}", id,
          Durations.format(Duration.ofMillis(endedAt - runningSince)), recordsRead(), finishedRecords,
          failures.isEmpty() ? "" : " (replays after restores included); " + failures.size()
              + (failures.size() == 1 ? " failure" : " failures") + " recovered");
    });
  }

  // ---------------------------------------------------------------- failures

  /** A worker was declared dead: every task attempt on it has failed. */
  public void workerLost(Worker worker, String reason, long detectedAt) {
    Set<TaskId> lost = new TreeSet<>();
    for (Execution e : executions.values()) {
      if (e.slot().isOn(worker) && !e.state().terminal() && !canceller.workerLost(e)) {
        lost.add(e.attempt().task());
      }
    }
    slots.workerLost(worker);
    if (!lost.isEmpty()) {
      handleFailure(lost, "worker " + worker.name() + " lost: " + reason, null, "", detectedAt, -1);
    }
  }

  /** The checkpoint coordinator gave up: restart the whole job. */
  @Override
  public void checkpointingFailed(String reason) {
    handleFailure(new TreeSet<>(executions.keySet()), "checkpointing failed: " + reason, null, "", ctx.now(), -1);
  }

  private void handleFailure(Set<TaskId> failed, String cause, String stackTrace, String position, long failedAt,
                             long corruptCheckpoint) {
    if (status.terminal() || status == JobStatus.CANCELLING) {
      return;
    }
    long now = ctx.now();
    if (corruptCheckpoint >= 0) {
      checkpoints.markCorrupt(corruptCheckpoint, cause);
    }
    FailureRecord record = new FailureRecord(failures.size() + 1, cause, stackTrace, position,
        failed.stream().map(this::describe).toList(), Math.min(failedAt, now), now);
    failures.add(record);
    OptionalLong delay = restartStrategy.onFailure(now);
    if (delay.isEmpty()) {
      record.outcome("job failed");
      failJob(cause + " (the restart strategy " + restartStrategy.describe() + " gives up after " + failures.size()
          + " failures)");
      return;
    }
    Set<TaskId> affected = new TreeSet<>(restarting);
    if (config.failover().equals("full")) {
      affected.addAll(graph.allSubtasks());
    } else {
      for (TaskId t : failed) {
        affected.addAll(graph.regionOf(t));
      }
    }
    if (pendingDeploy != null) {
      affected.addAll(pendingDeploy.tasks);
      pendingDeploy = null;
    }
    if (recovering != null && recovering != record) {
      recovering.outcome("superseded by failure " + record.number());
    }
    recovering = record;
    restarting.addAll(affected);
    version++;
    long v = version;
    status = JobStatus.RESTARTING;
    finalCheckpointTriggered = false;
    checkpoints.abortAll("the job is restarting after failure " + record.number());
    log.warn("job {}: {}; restarting {} of {} tasks in {}", id, cause, affected.size(), graph.allSubtasks().size(),
        Durations.format(Duration.ofMillis(delay.getAsLong())));

    List<Future<Void>> cancels = new ArrayList<>();
    for (TaskId t : affected) {
      Execution e = executions.get(t);
      if (e == null) {
        continue;
      }
      if (e.state().terminal()) {
        canceller.undeploy(e, "it failed");
      } else {
        cancels.add(canceller.cancel(e, "restart after failure " + record.number()));
      }
    }
    Future.join(cancels).onComplete(ignored -> {
      if (version != v) {
        return;
      }
      record.cancelled(ctx.now());
      ctx.setTimer(Math.max(1, delay.getAsLong()), () -> {
        if (version != v) {
          return;
        }
        checkpoints.latestForRestore().onComplete(cp -> {
          if (version != v || status.terminal()) {
            return;
          }
          if (cp.failed()) {
            log.warn("job {}: the checkpoints could not be checked ({}); restarting from the last known state", id,
                cp.cause().getMessage());
          }
          CheckpointMetadata from = cp.succeeded() && cp.result() != null ? cp.result() : initialState;
          Set<TaskId> tasks = new TreeSet<>(restarting);
          restarting.clear();
          deploy(tasks, from, true);
        });
      });
    });
  }

  private void failJob(String cause) {
    failureCause = cause;
    log.error("job {} failed: {}", id, cause);
    version++;
    checkpoints.stop();
    releaseAll("the job failed");
    status = JobStatus.FAILED;
    endedAt = ctx.now();
  }

  /** Cancels the job. */
  public Future<Void> cancel() {
    if (status.terminal() || status == JobStatus.CANCELLING) {
      return Future.succeededFuture();
    }
    log.info("job {} cancelled", id);
    status = JobStatus.CANCELLING;
    version++;
    pendingDeploy = null;
    checkpoints.stop();
    return releaseAll("cancelled").onComplete(ar -> {
      status = JobStatus.CANCELED;
      endedAt = ctx.now();
    });
  }

  /** Undeploys every task and gives the slots back. */
  private Future<Void> releaseAll(String reason) {
    Future<Void> released = canceller.releaseAll(executions.values(), reason);
    slots.releaseAll();
    return released;
  }

  // ---------------------------------------------------------------- savepoints

  public Future<CheckpointMetadata> savepoint(String dir) {
    return checkpoints.trigger(CheckpointCoordinator.Kind.SAVEPOINT, dir);
  }

  /**
   * Takes a savepoint and cancels the job right after it, with no other checkpoint completing in
   * between (Flink's stop-with-savepoint): the sinks' committed output ends exactly at the
   * savepoint, so a job started from it neither loses nor repeats output. When the savepoint
   * fails, the job keeps running and its periodic checkpoints resume.
   */
  public Future<CheckpointMetadata> stopWithSavepoint(String dir) {
    if (!canCheckpoint()) {
      return Future.failedFuture("job " + id + " is " + status + (restarting.isEmpty() ? "" : " (restarting tasks)")
          + ", so it cannot be stopped with a savepoint now");
    }
    stoppingWithSavepoint = true;
    checkpoints.stop(); // no periodic checkpoint may complete after the savepoint
    return savepoint(dir)
        .compose(sp -> {
          log.info("job {} stopped with savepoint {} at {}", id, sp.id(), sp.storageUri());
          return cancel().map(sp);
        })
        .onFailure(e -> {
          stoppingWithSavepoint = false;
          if (status == JobStatus.RUNNING) {
            checkpoints.start();
            if (allInputEnded()) {
              triggerFinalCheckpoint();
            }
          }
        });
  }

  // ---------------------------------------------------------------- checkpoint host

  @Override
  public Collection<TaskAttempt> runningTasks() {
    return executions.values().stream().map(Execution::attempt).toList();
  }

  @Override
  public Collection<TaskAttempt> sourceTasks() {
    return executions.values().stream().filter(counts::isSource).map(Execution::attempt).toList();
  }

  @Override
  public boolean canCheckpoint() {
    return status == JobStatus.RUNNING && pendingDeploy == null && restarting.isEmpty() && !finalCheckpointTriggered
        && executions.size() == graph.allSubtasks().size()
        && executions.values().stream().allMatch(e -> e.state() == TaskState.RUNNING && !e.finished());
  }

  @Override
  public void send(TaskAttempt task, Record message) {
    gateway.sendToTask(task, message);
  }

  // ---------------------------------------------------------------- views

  public String describe(TaskId t) {
    TaskVertex tv = graph.task(t.vertex());
    return "task '" + tv.name() + "' " + (t.subtask() + 1) + "/" + tv.parallelism();
  }

  /** Records read by the sources, over all attempts (records replayed after a restore count again). */
  public long recordsRead() {
    return counts.read(executions.values());
  }

  /** Records that reached the sinks, over all attempts. */
  public long recordsWritten() {
    return counts.written(executions.values());
  }

  public JsonObject toJson() {
    long now = ctx.now();
    JsonArray tasks = new JsonArray();
    for (Execution e : executions.values()) {
      TaskId t = e.attempt().task();
      tasks.add(new JsonObject()
          .put("task", graph.task(t.vertex()).name())
          .put("subtask", t.subtask())
          .put("attempt", e.attempt().attempt())
          .put("state", e.state().name())
          .put("worker", e.slot().worker())
          .put("slot", e.slot().index())
          .put("recordsIn", e.recordsIn())
          .put("recordsOut", e.recordsOut())
          .put("backpressured", e.backpressured())
          .put("channels", e.diagnostics()));
    }
    JsonObject json = new JsonObject()
        .put("id", id.value())
        .put("job", spec.jobName())
        .put("args", new JsonArray(spec.args()))
        .put("state", status.name())
        .put("parallelism", graph.tasks().stream().mapToInt(TaskVertex::parallelism).max().orElse(0))
        .put("createdAt", createdAt)
        .put("durationMs", (endedAt > 0 ? endedAt : now) - (runningSince > 0 ? runningSince : createdAt))
        .put("recordsRead", recordsRead())
        .put("recordsWritten", finishedRecords >= 0 ? finishedRecords : recordsWritten())
        .put("checkpointing", describeCheckpoints())
        .put("stateBackend", config.state().backend() + (config.state().incremental() ? " (incremental)" : ""))
        .put("restartStrategy", restartStrategy.describe())
        .put("failover", config.failover())
        .put("failures", failures.size())
        .put("tasks", tasks);
    if (waitingFor != null) {
      json.put("waiting", waitingFor);
    }
    if (failureCause != null) {
      json.put("failureCause", failureCause);
    }
    List<CheckpointMetadata> retained = checkpoints.retained();
    if (!retained.isEmpty()) {
      json.put("latestCheckpoint", retained.get(retained.size() - 1).id());
    }
    return json;
  }

  public Set<String> workersUsed() {
    Set<String> names = new LinkedHashSet<>();
    for (Execution e : executions.values()) {
      names.add(e.slot().worker());
    }
    return names;
  }
}
