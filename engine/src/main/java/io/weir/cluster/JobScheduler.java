package io.weir.cluster;

import io.vertx.core.Future;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.StartTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.runtime.TaskId;
import io.weir.runtime.task.TaskState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job master's scheduling and deployment: places the subtasks to deploy on the job's worker
 * slots (slot sharing: slot i holds subtask i of every task), waits for workers to join when slots
 * are short, deploys every subtask as a new attempt with the state it restores, and starts them
 * all once every deployment is answered; then the job runs. A deployment belongs to the phase of
 * the job it was asked for in ({@link JobLifecycle#stillIn}): one that a failure or a cancel
 * overtook is dropped; one that fails is a failure of the job ({@link JobRecovery}).
 */
final class JobScheduler {
  private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);

  /** Tasks to deploy from {@code from}, asked for in {@code turn} (CREATED for a new job, RESTARTING for a restart). */
  private record Deployment(Set<TaskId> tasks, RestorePoint from, JobLifecycle.Turn turn) {
    boolean restart() {
      return turn.phase() == JobPhase.RESTARTING;
    }
  }

  private final JobMaster job;
  private Deployment pending;
  private String waitingFor;
  /** Fails the job when {@link #pending} waits for slots longer than scheduling.slot-timeout; -1 when not armed. */
  private long slotTimer = -1;
  private int attempts;

  JobScheduler(JobMaster job, int firstAttempt) {
    this.job = job;
    this.attempts = firstAttempt - 1;
  }

  /** Why the job is not running yet, if it waits (for slots). */
  String waitingFor() {
    return waitingFor;
  }

  /** Deploys {@code tasks} as a new attempt starting from {@code from}, once there are slots enough. */
  void deploy(Set<TaskId> tasks, RestorePoint from) {
    pending = new Deployment(tasks, from, job.lifecycle().turn());
    tryDeploy();
  }

  /** Gives up the deployment that waits for slots (the job restarts or stops); returns its tasks. */
  Set<TaskId> abandonPending() {
    Set<TaskId> tasks = pending == null ? Set.of() : pending.tasks;
    pending = null;
    stopSlotTimer();
    return tasks;
  }

  /** A deployment that still waits for slots when scheduling.slot-timeout has passed fails the job. */
  private void armSlotTimer(Deployment d) {
    java.time.Duration timeout = job.config().scheduling().slotTimeout();
    slotTimer = job.ctx().setTimer(timeout.toMillis(), () -> {
      slotTimer = -1;
      if (pending == d && job.lifecycle().stillIn(d.turn)) {
        String still = waitingFor;
        pending = null;
        waitingFor = null;
        job.completion().fail("job " + job.id() + " waited longer than scheduling.slot-timeout ("
            + io.weir.config.Durations.format(timeout) + ") for slots: still " + still
            + "; add workers or lower the parallelism");
      }
    });
  }

  private void stopSlotTimer() {
    if (slotTimer >= 0) {
      job.ctx().cancelTimer(slotTimer);
      slotTimer = -1;
    }
  }

  /** Deploys the pending tasks if there are slots enough; otherwise waits for workers to join. */
  void tryDeploy() {
    Deployment d = pending;
    if (d == null || !job.lifecycle().stillIn(d.turn) || job.abandoned()) {
      return;
    }
    WorkerRegistry workers = job.workers();
    int missing = job.slots().acquire(d.tasks);
    if (missing > 0) {
      String reason = "waiting for " + missing + " free slots (" + workers.freeSlots() + " free of "
          + workers.totalSlots() + " on " + workers.workers().size() + " workers)";
      if (!reason.equals(waitingFor)) {
        log.warn("job {} needs {} more slots but only {} are free; waiting for workers to join", job.id(), missing,
            workers.freeSlots());
      }
      waitingFor = reason;
      if (slotTimer < 0) {
        armSlotTimer(d);
      }
      return;
    }
    waitingFor = null;
    pending = null;
    stopSlotTimer();
    int attempt = ++attempts;
    log.debug("job {} deploys {} tasks (attempt {})", job.id(), d.tasks.size(), attempt);
    List<Execution> deployed = new ArrayList<>();
    List<Future<?>> replies = new ArrayList<>();
    Map<TaskId, String> placement = new HashMap<>();
    for (TaskId t : d.tasks) {
      placement.put(t, job.slots().of(t).worker());
    }
    for (TaskId t : d.tasks) {
      Slot slot = job.slots().of(t);
      Execution e = new Execution(new TaskAttempt(job.id(), t, attempt), slot);
      job.tasks().replace(e);
      e.moveTo(TaskState.DEPLOYING);
      deployed.add(e);
      DeployTask deploy = new DeployTask(job.epoch(), e.attempt(), job.spec(), job.clusterConfig(),
          job.checkpoints().storage().uri(), d.from.forTask(job.graph(), t), placement);
      Worker worker = workers.holderOf(slot);
      Future<?> reply = worker == null
          ? Future.failedFuture("worker " + slot.worker() + " is gone")
          : job.gateway().deploy(worker, deploy).onSuccess(r -> e.deployedAt(r.deployedAt()));
      replies.add(reply.recover(err -> Future.failedFuture(new DeployFailure(t, slot, err))));
    }
    Future.join(replies).onComplete(ar -> {
      if (!job.lifecycle().stillIn(d.turn)) {
        return; // overtaken by a failure or a cancel meanwhile
      }
      if (ar.succeeded()) {
        start(d, deployed);
        return;
      }
      DeployFailure f = (DeployFailure) ar.cause();
      Set<TaskId> failed = new HashSet<>();
      for (int i = 0; i < replies.size(); i++) {
        if (replies.get(i).failed()) {
          failed.add(deployed.get(i).attempt().task());
        }
      }
      // the tasks of this deployment that did deploy were never started: they restart with the failed ones
      job.recovery().deploymentFailed(d.tasks, JobFailure.of(failed, "deploying " + job.tasks().describe(f.task)
          + " on worker " + f.slot.worker() + " failed: " + f.getCause().getMessage(), "deployment", job.now()));
    });
  }

  /** Every task of {@code d} is deployed: start them; the job runs. */
  private void start(Deployment d, List<Execution> deployed) {
    for (Execution e : deployed) {
      e.moveTo(TaskState.RUNNING);
    }
    for (Execution e : deployed) {
      TaskId t = e.attempt().task();
      job.gateway().requestTask(e.attempt(), new StartTask(job.epoch(), e.attempt())).onFailure(err -> {
        if (job.isCurrent(e.attempt())) {
          job.recovery().handle(JobFailure.of(Set.of(t), job.tasks().describe(t) + " could not be started: "
              + err.getMessage(), "start", job.now()));
        }
      });
    }
    if (!job.lifecycle().stillIn(d.turn)) {
      return; // a task could not be started
    }
    long now = job.now();
    job.lifecycle().moveTo(JobPhase.RUNNING);
    Set<String> on = new TreeSet<>();
    deployed.forEach(e -> on.add(e.slot().worker()));
    String from = d.from.checkpointId().isPresent() ? "checkpoint " + d.from.checkpointId().get()
        : "the beginning (no checkpoint yet)";
    if (d.restart() && job.recovery().recovering() != null) {
      // when the last task was deployed on its worker (it restores its state right after)
      long deployedAt = deployed.stream().mapToLong(Execution::deployedAt).max().orElse(now);
      FailureRecord recovering = job.recovery().recovering();
      recovering.deployed(deployedAt, d.from.checkpointId(), deployed.size());
      log.info("job {} restarted {} tasks on {} from {} (deployed {}ms after the failure)", job.id(), deployed.size(),
          String.join(", ", on), from, deployedAt - recovering.failedAt());
    } else {
      log.info("job {} is running: {} tasks on workers {}{}", job.id(), deployed.size(), String.join(", ", on),
          d.from instanceof RestorePoint.Snapshot s ? " (from " + (s.metadata().savepoint() ? "savepoint" : "checkpoint")
              + " " + s.metadata().id() + ")" : "");
    }
    job.completion().running();
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
}
