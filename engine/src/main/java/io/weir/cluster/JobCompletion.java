package io.weir.cluster;

import io.vertx.core.Future;
import io.weir.checkpoint.CheckpointCoordinator;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.CheckpointMetadata;
import io.weir.cluster.protocol.FinishTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.config.Durations;
import io.weir.runtime.TaskId;
import io.weir.runtime.task.TaskState;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job master's ending of a job, in each of its ways: a bounded job that processed all its
 * input takes a final checkpoint that commits all output, then its tasks finish; a job is
 * cancelled, or stopped with a savepoint (Flink's stop-with-savepoint), or fails when the restart
 * strategy gives up. Also resumes checkpointing once the job runs.
 */
final class JobCompletion {
  private static final Logger log = LoggerFactory.getLogger(JobCompletion.class);
  private static final long FINAL_CHECKPOINT_RETRY_MS = 500;

  private final JobMaster job;
  private String failureCause;
  private long finishedRecords = -1;

  JobCompletion(JobMaster job) {
    this.job = job;
  }

  String failureCause() {
    return failureCause;
  }

  /** Records written by the sinks when the job finished, or -1 before. */
  long finishedRecords() {
    return finishedRecords;
  }

  /** The job runs (deployed, or its savepoint failed): checkpoints resume; a job whose input ended finishes. */
  void running() {
    job.checkpoints().start();
    if (allInputEnded()) {
      triggerFinalCheckpoint();
    }
  }

  // ---------------------------------------------------------------- finishing

  /** A task processed all its input. */
  void inputEnded(Execution e) {
    e.inputEnded(true);
    if (allInputEnded()) {
      triggerFinalCheckpoint();
    }
  }

  private boolean allInputEnded() {
    return job.lifecycle().phase() == JobPhase.RUNNING && job.tasks().allInputEnded();
  }

  /** A job stopping with a savepoint ends at its savepoint, not at the end of its input. */
  private void triggerFinalCheckpoint() {
    if (job.lifecycle().phase() != JobPhase.RUNNING || !job.canCheckpoint()) {
      return;
    }
    log.info("job {}: all input processed; taking the final checkpoint", job.id());
    Future<CheckpointMetadata> last = job.checkpoints().trigger(CheckpointCoordinator.Kind.FINAL, null);
    if (job.lifecycle().phase() != JobPhase.RUNNING) {
      return; // (the trigger failed the job at once)
    }
    job.lifecycle().moveTo(JobPhase.FINISHING); // no periodic checkpoint after the final one
    JobLifecycle.Turn turn = job.lifecycle().turn();
    last.onComplete(ar -> {
      if (!job.lifecycle().stillIn(turn)) {
        return;
      }
      if (ar.succeeded()) {
        finishTasks(ar.result().checkpointId());
      } else {
        log.warn("job {}: the final checkpoint failed ({}); trying again", job.id(), ar.cause().getMessage());
        job.ctx().setTimer(FINAL_CHECKPOINT_RETRY_MS, () -> {
          if (job.lifecycle().stillIn(turn)) {
            job.lifecycle().moveTo(JobPhase.RUNNING);
            triggerFinalCheckpoint();
          }
        });
      }
    });
  }

  private void finishTasks(CheckpointId finalCheckpoint) {
    for (Execution e : job.tasks().all()) {
      TaskAttempt a = e.attempt();
      job.gateway().requestTask(a, new FinishTask(job.epoch(), a, finalCheckpoint)).onFailure(err -> {
        if (job.isCurrent(a)) {
          TaskId t = a.task();
          job.recovery().handle(JobFailure.of(Set.of(t), job.tasks().describe(t) + " could not be finished: "
              + err.getMessage(), "finish", job.now()));
        }
      });
    }
  }

  /** A task finished (after the final checkpoint); the job finishes with its last task. */
  void taskFinished(Execution e) {
    if (e.state() != TaskState.RUNNING) {
      log.debug("job {}: {} finished while being stopped", job.id(), job.tasks().describe(e.attempt().task()));
      return;
    }
    e.moveTo(TaskState.FINISHED);
    if (job.tasks().allFinished() && job.lifecycle().phase() == JobPhase.FINISHING) {
      finishJob();
    }
  }

  private void finishJob() {
    finishedRecords = job.tasks().recordsWritten();
    job.lifecycle().moveTo(JobPhase.FINISHED);
    job.checkpoints().discardAll();
    int failures = job.recovery().failureCount();
    releaseAll("finished").onComplete(ar -> {
      JobLifecycle l = job.lifecycle();
      log.info("job {} finished in {}: {} records read, {} written{}", job.id(),
          Durations.format(Duration.ofMillis(l.endedAt() - l.runningSince())), job.tasks().recordsRead(),
          finishedRecords, failures == 0 ? "" : " (replays after restores included); " + failures
              + (failures == 1 ? " failure" : " failures") + " recovered");
    });
  }

  // ---------------------------------------------------------------- failing, cancelling, stopping

  /** The restart strategy gave up: the job fails. */
  void fail(String cause) {
    failureCause = cause;
    log.error("job {} failed: {}", job.id(), cause);
    job.lifecycle().moveTo(JobPhase.FAILED);
    job.checkpoints().stop();
    releaseAll("the job failed");
  }

  /** Cancels the job. */
  Future<Void> cancel() {
    if (job.lifecycle().phase().stopped()) {
      return Future.succeededFuture();
    }
    log.info("job {} cancelled", job.id());
    job.lifecycle().moveTo(JobPhase.CANCELLING);
    job.scheduler().abandonPending();
    job.checkpoints().stop();
    return releaseAll("cancelled").onComplete(ar -> job.lifecycle().moveTo(JobPhase.CANCELED));
  }

  /** Undeploys every task and gives the slots back. */
  private Future<Void> releaseAll(String reason) {
    Future<Void> released = job.canceller().releaseAll(job.tasks().all(), reason);
    job.slots().releaseAll();
    return released;
  }

  /**
   * Takes a savepoint and cancels the job right after it, with no other checkpoint completing in
   * between (Flink's stop-with-savepoint): the sinks' committed output ends exactly at the
   * savepoint, so a job started from it neither loses nor repeats output. When the savepoint
   * fails, the job keeps running and its periodic checkpoints resume.
   */
  Future<CheckpointMetadata> stopWithSavepoint(String dir) {
    if (!job.canCheckpoint()) {
      return Future.failedFuture("job " + job.id() + " is " + job.status()
          + (job.recovery().restartingTasks() ? " (restarting tasks)" : "")
          + ", so it cannot be stopped with a savepoint now");
    }
    if (job.lifecycle().phase() != JobPhase.STOPPING) {
      job.lifecycle().moveTo(JobPhase.STOPPING);
    }
    JobLifecycle.Turn turn = job.lifecycle().turn();
    job.checkpoints().stop(); // no periodic checkpoint may complete after the savepoint
    return job.savepoint(dir)
        .compose(sp -> {
          log.info("job {} stopped with savepoint {} at {}", job.id(), sp.id(), sp.storageUri());
          return cancel().map(sp);
        })
        .onFailure(e -> {
          if (job.lifecycle().stillIn(turn)) {
            job.lifecycle().moveTo(JobPhase.RUNNING);
            running();
          }
        });
  }
}
