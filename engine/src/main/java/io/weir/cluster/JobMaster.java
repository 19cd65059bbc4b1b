package io.weir.cluster;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.weir.checkpoint.CheckpointCoordinator;
import io.weir.checkpoint.CheckpointHost;
import io.weir.checkpoint.CheckpointMetadata;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.cluster.ha.CheckpointPointer;
import io.weir.cluster.protocol.AcknowledgeCheckpoint;
import io.weir.cluster.protocol.DeclineCheckpoint;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskFailed;
import io.weir.cluster.protocol.TaskFinished;
import io.weir.cluster.protocol.TaskFirstRecord;
import io.weir.cluster.protocol.TaskInputEnded;
import io.weir.cluster.protocol.TaskProgress;
import io.weir.cluster.protocol.TaskReport;
import io.weir.cluster.protocol.TaskRunning;
import io.weir.cluster.restart.RestartStrategy;
import io.weir.config.Durations;
import io.weir.config.WeirConfig;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.JobGraph;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job on the cluster; the facade that the job manager, the coordinator verticle and REST
 * call. It holds what the parts of the job master share and routes task reports to them:
 * <ul>
 *   <li>{@link JobScheduler}: scheduling and deployment (slots, deploy, start);</li>
 *   <li>{@link JobRecovery}: failure handling and recovery (cancel, wait, restore point, deploy);</li>
 *   <li>{@link JobCompletion}: the final checkpoint and finishing, cancel, stop with savepoint, failing;</li>
 *   <li>{@link JobLifecycle}: the job's phase, changed only through its checked transitions;</li>
 *   <li>{@link JobView}: the JSON view for REST and the CLI;</li>
 *   <li>{@link CheckpointCoordinator}: its checkpoints, for which this is the host.</li>
 * </ul>
 * Runs on the coordinator's context; all its state is touched only there.
 */
public final class JobMaster implements CheckpointHost {
  private static final Logger log = LoggerFactory.getLogger(JobMaster.class);

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
  private final TaskCanceller canceller;
  private final JobLifecycle lifecycle;
  private final JobTasks tasks;
  private final JobScheduler scheduler;
  private final JobRecovery recovery;
  private final JobCompletion completion;
  private final JobStart start;
  private boolean abandoned;

  public JobMaster(JobId id, JobSpec spec, JobSpec.Built built, JsonObject clusterConfig, CheckpointStorage storage,
                   CoordinatorContext ctx, ClusterGateway gateway, WorkerRegistry workers, long epoch,
                   CheckpointMetadata initialState) {
    this(id, spec, built, clusterConfig, storage, ctx, gateway, workers, epoch, initialState,
        JobStart.submitted(JobJournal.NONE));
  }

  /**
   * @param initialState what the job starts from: the savepoint it was submitted with or, for a job
   *     taken over, its latest completed checkpoint (else its savepoint); null for nothing
   */
  public JobMaster(JobId id, JobSpec spec, JobSpec.Built built, JsonObject clusterConfig, CheckpointStorage storage,
                   CoordinatorContext ctx, ClusterGateway gateway, WorkerRegistry workers, long epoch,
                   CheckpointMetadata initialState, JobStart start) {
    this.start = start;
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
    this.tasks = new JobTasks(graph);
    this.lifecycle = new JobLifecycle(ctx, status -> {
      start.journal().status(id, status);
      if (status.terminal() && !abandoned) {
        gateway.ended(tasks.all().stream().map(Execution::attempt).toList());
      }
    });
    this.slots = new JobSlots(id, workers);
    this.canceller = new TaskCanceller(epoch, gateway, workers);
    this.scheduler = new JobScheduler(this, start.firstAttempt());
    this.recovery = new JobRecovery(this, restartStrategy, canceller);
    this.completion = new JobCompletion(this);
  }

  public JobId id() {
    return id;
  }

  /** The job's state as REST and the CLI name it. */
  public JobStatus status() {
    return lifecycle.phase().status();
  }

  /** The job's phase, finer than {@link #status()}. */
  public JobPhase phase() {
    return lifecycle.phase();
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
    return recovery.failures();
  }

  public String failureCause() {
    return completion.failureCause();
  }

  public Collection<Execution> executions() {
    return List.copyOf(tasks.all());
  }

  /** Why the job is not running yet, if it waits (for slots). */
  public String waitingFor() {
    return scheduler.waitingFor();
  }

  // ---------------------------------------------------------------- what the job master does

  public void start() {
    log.info("job {} ({} {}) {}: {} tasks in {} slots, checkpoints {}, restarts {}", id, spec.jobName(),
        String.join(" ", spec.args()), start.takenOver() ? "taken over, restarting from "
            + (initialState == null ? "no checkpoint yet" : (initialState.savepoint() ? "savepoint " : "checkpoint ")
            + initialState.id()) : "submitted", graph.allSubtasks().size(), graph.slotsNeeded(), describeCheckpoints(),
        restartStrategy.describe());
    scheduler.deploy(new TreeSet<>(graph.allSubtasks()), start.takenOver() ? RestorePoint.restart(initialState, null)
        : RestorePoint.initial(initialState));
  }

  /**
   * This coordinator lost the lead: the job master stops here, sending nothing more (no deploy, no
   * checkpoint, no commit); the next leader runs the job from what the job store holds.
   */
  public void abandon() {
    abandoned = true;
    checkpoints.stop();
  }

  boolean abandoned() {
    return abandoned;
  }

  /** A worker joined or slots were freed: retry a deployment that waits for slots. */
  public void slotsAvailable() {
    scheduler.tryDeploy();
  }

  /** A message from a task attempt; those of attempts that are not current are dropped (fencing). */
  public void onTaskMessage(TaskReport message) {
    TaskAttempt a = message.attempt();
    Execution e = tasks.current(a);
    if (e == null) {
      log.debug("job {}: dropped {} from stale attempt {}", id, message.getClass().getSimpleName(), a);
      return;
    }
    if (message instanceof TaskRunning r) {
      e.runningAt(r.restoredAt());
      recovery.restored(r.restoredAt());
    } else if (message instanceof TaskFirstRecord f) {
      e.firstRecordAt(f.at());
      recovery.firstRecord(a.task(), f.at());
    } else if (message instanceof TaskProgress p) {
      e.progress(p.recordsIn(), p.recordsOut(), p.backpressured(), p.diagnostics());
    } else if (message instanceof TaskInputEnded) {
      completion.inputEnded(e);
    } else if (message instanceof TaskFinished) {
      completion.taskFinished(e);
    } else if (message instanceof TaskFailed f) {
      recovery.taskFailed(e, f);
    } else if (message instanceof AcknowledgeCheckpoint ack) {
      checkpoints.acknowledge(ack);
    } else if (message instanceof DeclineCheckpoint decline) {
      checkpoints.decline(decline);
    }
  }

  /** Whether {@code attempt} is this job's current attempt of its task. */
  public boolean isCurrent(TaskAttempt attempt) {
    return tasks.current(attempt) != null && !lifecycle.phase().terminal();
  }

  /** A worker was declared dead: every task attempt on it has failed. */
  public void workerLost(Worker worker, String reason, long detectedAt) {
    recovery.workerLost(worker, reason, detectedAt);
  }

  /** Cancels the job. */
  public Future<Void> cancel() {
    return completion.cancel();
  }

  public Future<CheckpointMetadata> savepoint(String dir) {
    return checkpoints.trigger(CheckpointCoordinator.Kind.SAVEPOINT, dir);
  }

  /** Takes a savepoint and cancels the job right after it (see {@link JobCompletion#stopWithSavepoint}). */
  public Future<CheckpointMetadata> stopWithSavepoint(String dir) {
    return completion.stopWithSavepoint(dir);
  }

  // ---------------------------------------------------------------- checkpoint host

  /** The checkpoint coordinator gave up: restart the whole job. */
  @Override
  public void checkpointingFailed(String reason) {
    Set<TaskId> all = new TreeSet<>(tasks.ids());
    recovery.handle(JobFailure.of(all, "checkpointing failed: " + reason, "", ctx.now()));
  }

  @Override
  public Collection<TaskAttempt> runningTasks() {
    return tasks.attempts();
  }

  @Override
  public Collection<TaskAttempt> sourceTasks() {
    return tasks.sourceAttempts();
  }

  /** Every task runs, and the job runs (or takes the savepoint it stops at): not while finishing or restarting. */
  @Override
  public boolean canCheckpoint() {
    JobPhase phase = lifecycle.phase();
    return (phase == JobPhase.RUNNING || phase == JobPhase.STOPPING) && tasks.allRunning();
  }

  @Override
  public void send(TaskAttempt task, Record message) {
    gateway.sendToTask(task, message);
  }

  @Override
  public Future<Void> recordCompleted(io.weir.checkpoint.CheckpointId checkpointId, String location) {
    return start.journal().checkpointCompleted(id, new CheckpointPointer(checkpointId.value(), location));
  }

  /** A completed checkpoint proves the last restart worked: the restart strategy may stop backing off. */
  @Override
  public void checkpointCompleted(io.weir.checkpoint.CheckpointMetadata metadata) {
    restartStrategy.progressed();
  }

  // ---------------------------------------------------------------- views

  public String describe(TaskId t) {
    return tasks.describe(t);
  }

  /** Records read by the sources, over all attempts (records replayed after a restore count again). */
  public long recordsRead() {
    return tasks.recordsRead();
  }

  /** Records that reached the sinks, over all attempts. */
  public long recordsWritten() {
    return tasks.recordsWritten();
  }

  /** The job for REST and the CLI (see {@link JobView}). */
  public JsonObject toJson() {
    return JobView.of(this);
  }

  public Set<String> workersUsed() {
    return tasks.workersUsed();
  }

  String describeCheckpoints() {
    var c = config.checkpoint();
    return c.periodic() ? "every " + Durations.format(c.interval()) + " (" + c.mode().label() + ")" : "off";
  }

  // ---------------------------------------------------------------- for the parts of the job master

  JobSpec spec() {
    return spec;
  }

  JsonObject clusterConfig() {
    return clusterConfig;
  }

  long epoch() {
    return epoch;
  }

  long now() {
    return ctx.now();
  }

  CoordinatorContext ctx() {
    return ctx;
  }

  ClusterGateway gateway() {
    return gateway;
  }

  WorkerRegistry workers() {
    return workers;
  }

  CheckpointMetadata initialState() {
    return initialState;
  }

  RestartStrategy restartStrategy() {
    return restartStrategy;
  }

  JobSlots slots() {
    return slots;
  }

  TaskCanceller canceller() {
    return canceller;
  }

  JobLifecycle lifecycle() {
    return lifecycle;
  }

  JobTasks tasks() {
    return tasks;
  }

  JobScheduler scheduler() {
    return scheduler;
  }

  JobRecovery recovery() {
    return recovery;
  }

  JobCompletion completion() {
    return completion;
  }
}
