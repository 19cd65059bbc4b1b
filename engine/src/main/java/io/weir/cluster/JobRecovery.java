package io.weir.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.UnsafeFallbackException;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskFailed;
import io.weir.cluster.restart.RestartStrategy;
import io.weir.config.Durations;
import io.weir.runtime.TaskId;
import io.weir.runtime.task.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job master's failure handling and recovery. A failure (a task failed, a worker was lost, a
 * deployment or a request failed, checkpointing gave up) is recorded, then, unless the restart
 * strategy gives up and the job fails, recovered from in one chain:
 * <ol>
 *   <li>cancel the affected tasks: all of them, or only the failed tasks' failover regions;</li>
 *   <li>wait as the restart strategy says;</li>
 *   <li>choose the restore point: the latest complete checkpoint that is not corrupt, else the
 *       state the job started from, else no checkpoint;</li>
 *   <li>deploy the tasks again as a new attempt ({@link JobScheduler}).</li>
 * </ol>
 * Every step first checks that the recovery is still current: that the job is still in the
 * {@link JobPhase#RESTARTING} turn this failure started. Another failure meanwhile starts a new
 * turn whose recovery takes the tasks of this one along; a cancel ends it.
 */
final class JobRecovery {
  private static final Logger log = LoggerFactory.getLogger(JobRecovery.class);

  /** Ends a recovery chain that is no longer current (not an error: nothing is logged). */
  private static final RuntimeException SUPERSEDED = new RuntimeException("superseded", null, false, false) {
  };

  private final JobMaster job;
  private final RestartStrategy restartStrategy;
  private final TaskCanceller canceller;
  private final List<FailureRecord> failures = new ArrayList<>();
  /** Tasks cancelled for a restart and not deployed again yet. */
  private final Set<TaskId> restarting = new TreeSet<>();
  /** The failure whose recovery is under way (until a sink processed a record after it), or null. */
  private FailureRecord recovering;

  JobRecovery(JobMaster job, RestartStrategy restartStrategy, TaskCanceller canceller) {
    this.job = job;
    this.restartStrategy = restartStrategy;
    this.canceller = canceller;
  }

  List<FailureRecord> failures() {
    return List.copyOf(failures);
  }

  int failureCount() {
    return failures.size();
  }

  FailureRecord recovering() {
    return recovering;
  }

  boolean restartingTasks() {
    return !restarting.isEmpty();
  }

  // ---------------------------------------------------------------- failures

  /** A task attempt reported its failure. */
  void taskFailed(Execution e, TaskFailed f) {
    TaskAttempt a = f.attempt();
    Optional<CheckpointId> corrupt = f.corruptCheckpoint();
    if (e.state() == TaskState.CANCELING || e.state() == TaskState.CANCELED) {
      // cancelled for a restart already under way: not another failure
      log.debug("job {}: {} failed while being cancelled: {}", job.id(), job.tasks().describe(a.task()), f.error());
      corrupt.ifPresent(id -> job.checkpoints().markCorrupt(id, f.error()));
      return;
    }
    if (!e.state().terminal()) {
      e.moveTo(TaskState.FAILED);
    }
    String cause = f.sinkNotSetUp().isEmpty() ? job.tasks().describe(a.task()) + " failed: " + f.error()
        : "sink '" + f.sinkNotSetUp() + "' (task " + job.tasks().position(a.task()) + " on " + e.slot().worker() + "): "
            + f.error();
    handle(new JobFailure(Set.of(a.task()), cause, f.position(), f.stackTrace(), f.at(), corrupt));
  }

  /** A worker was declared dead: every task attempt on it has failed. */
  void workerLost(Worker worker, String reason, long detectedAt) {
    Set<TaskId> lost = new TreeSet<>();
    for (Execution e : job.tasks().all()) {
      if (e.slot().isOn(worker) && !e.state().terminal() && !canceller.workerLost(e)) {
        lost.add(e.attempt().task());
      }
    }
    job.slots().workerLost(worker);
    if (!lost.isEmpty()) {
      handle(JobFailure.of(lost, "worker " + worker.name() + " lost: " + reason, "", detectedAt));
    }
  }

  /** A deployment of {@code deployed} failed: those of its tasks that did deploy restart with the failed ones. */
  void deploymentFailed(Set<TaskId> deployed, JobFailure failure) {
    restarting.addAll(deployed);
    handle(failure);
  }

  /** Records {@code failure}, then restarts the affected tasks or, when the restart strategy gives up, fails the job. */
  void handle(JobFailure failure) {
    if (job.lifecycle().phase().stopped() || job.abandoned()) {
      return; // an abandoned job master (its coordinator lost the lead) does nothing more
    }
    long now = job.now();
    failure.corruptCheckpoint().ifPresent(id -> job.checkpoints().markCorrupt(id, failure.cause()));
    FailureRecord record = new FailureRecord(failures.size() + 1, failure.cause(), failure.stackTrace(),
        failure.position(), failure.tasks().stream().sorted().map(job.tasks()::describe).toList(),
        Math.min(failure.failedAt(), now), now);
    failures.add(record);
    OptionalLong delay = restartStrategy.onFailure(now);
    if (delay.isEmpty()) {
      record.outcome("job failed");
      job.completion().fail(failure.cause() + " (the restart strategy " + restartStrategy.describe()
          + " gives up after " + failures.size() + " failures)");
      return;
    }
    Set<TaskId> affected = affectedBy(failure);
    if (recovering != null) {
      recovering.outcome("superseded by failure " + record.number());
    }
    recovering = record;
    restarting.addAll(affected);
    job.lifecycle().moveTo(JobPhase.RESTARTING);
    job.checkpoints().abortAll("the job is restarting after failure " + record.number());
    log.warn("job {}: {}; restarting {} of {} tasks in {}", job.id(), failure.cause(), affected.size(),
        job.graph().allSubtasks().size(), Durations.format(Duration.ofMillis(delay.getAsLong())));
    recover(job.lifecycle().turn(), record, affected, delay.getAsLong());
  }

  /** The tasks to restart: the failed tasks' regions (or all tasks), and those of a restart under way. */
  private Set<TaskId> affectedBy(JobFailure failure) {
    Set<TaskId> affected = new TreeSet<>(restarting);
    if (job.config().failover().equals("full")) {
      affected.addAll(job.graph().allSubtasks());
    } else {
      for (TaskId t : failure.tasks()) {
        affected.addAll(job.graph().regionOf(t));
      }
    }
    affected.addAll(job.scheduler().abandonPending());
    return affected;
  }

  // ---------------------------------------------------------------- recovery

  /**
   * Cancel while waiting as the restart strategy says (as Flink does: the delay counts from the
   * failure, not from the end of the cancellation) and while choosing the restore point (which
   * reads the checkpoint's metadata from storage: the failure aborted every pending checkpoint, so
   * the cancel cannot change which one is the latest), then deploy: only while {@code turn} is current.
   */
  private void recover(JobLifecycle.Turn turn, FailureRecord record, Set<TaskId> affected, long delayMs) {
    Future<Void> cancelled = cancel(affected, record).onComplete(ar -> record.cancelled(job.now()));
    Future<RestorePoint> point = restorePoint(record);
    Future.join(cancelled, delay(delayMs), point)
        .compose(whileCurrent(turn, waited -> point))
        .compose(whileCurrent(turn, from -> {
          Set<TaskId> tasks = new TreeSet<>(restarting);
          restarting.clear();
          job.scheduler().deploy(tasks, from);
          return Future.succeededFuture();
        }));
  }

  private <T, R> Function<T, Future<R>> whileCurrent(JobLifecycle.Turn turn, Function<T, Future<R>> step) {
    return value -> job.lifecycle().stillIn(turn) && !job.abandoned() ? step.apply(value)
        : Future.failedFuture(SUPERSEDED);
  }

  /** Cancels the running attempts of {@code tasks} and undeploys those that stopped; completes when all have stopped. */
  private Future<Void> cancel(Set<TaskId> tasks, FailureRecord record) {
    List<Future<Void>> cancels = new ArrayList<>();
    for (TaskId t : tasks) {
      Execution e = job.tasks().get(t);
      if (e == null) {
        continue;
      }
      if (e.state().terminal()) {
        canceller.undeploy(e, "it failed");
      } else {
        cancels.add(canceller.cancel(e, "restart after failure " + record.number()));
      }
    }
    return Future.join(cancels).<Void>mapEmpty().otherwiseEmpty();
  }

  private Future<Void> delay(long ms) {
    Promise<Void> waited = Promise.promise();
    job.ctx().setTimer(Math.max(1, ms), waited::complete);
    return waited.future();
  }

  /**
   * The latest complete checkpoint that is not known corrupt, else the job's initial state, else
   * none. When the latest has no intact copy and an older one would repeat committed output, the
   * job fails with the reason ({@link UnsafeFallbackException}) and the chain ends.
   */
  private Future<RestorePoint> restorePoint(FailureRecord record) {
    return job.checkpoints().latestForRestore()
        .recover(err -> {
          if (err instanceof UnsafeFallbackException unsafe) {
            record.outcome("job failed");
            job.completion().fail(unsafe.getMessage());
            return Future.failedFuture(SUPERSEDED);
          }
          log.warn("job {}: the checkpoints could not be checked ({}); restarting from the last known state", job.id(),
              err.getMessage());
          return Future.succeededFuture(null);
        })
        .map(latest -> RestorePoint.restart(latest, job.initialState()));
  }

  // ---------------------------------------------------------------- after the restart

  /** A restarted task restored its state. */
  void restored(long at) {
    if (recovering != null) {
      recovering.restored(at);
      logIfRecovered();
    }
  }

  /** A task processed its first record after a restart; a sink's ends the recovery once every task restored. */
  void firstRecord(TaskId task, long at) {
    if (recovering != null && job.tasks().isSink(task)) {
      recovering.firstRecord(at);
      logIfRecovered();
    }
  }

  private void logIfRecovered() {
    if (recovering.completeIfRecovered()) {
      log.info("job {} recovered from failure {}: first record processed {}ms after the failure ({})", job.id(),
          recovering.number(), recovering.firstRecordAt() - recovering.failedAt(), recovering.summary());
      recovering = null;
    }
  }
}
