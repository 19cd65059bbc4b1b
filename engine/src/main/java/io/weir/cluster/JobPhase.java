package io.weir.cluster;

import java.util.EnumSet;
import java.util.Set;

/**
 * A job's lifecycle on the leader, with its legal transitions listed next to the states and
 * checked on every change (see {@link JobLifecycle}). Finer than the {@link JobStatus} that REST and
 * the CLI show: {@link #FINISHING} and {@link #STOPPING} show as {@code RUNNING}.
 */
public enum JobPhase {
  /** Deploying its tasks for the first time, or waiting for slots to do so. */
  CREATED(JobStatus.CREATED),
  /** Every task runs; periodic checkpoints are taken. */
  RUNNING(JobStatus.RUNNING),
  /** All input is processed: the final checkpoint is under way, then every task finishes. */
  FINISHING(JobStatus.RUNNING),
  /** Taking the savepoint that the job is stopped at; no other checkpoint completes meanwhile. */
  STOPPING(JobStatus.RUNNING),
  /** Recovering from a failure: cancelling, waiting as the restart strategy says, deploying again. */
  RESTARTING(JobStatus.RESTARTING),
  /** Cancelled: waiting for the workers to undeploy the tasks. */
  CANCELLING(JobStatus.CANCELLING),
  FINISHED(JobStatus.FINISHED),
  CANCELED(JobStatus.CANCELED),
  FAILED(JobStatus.FAILED);

  private final JobStatus status;

  JobPhase(JobStatus status) {
    this.status = status;
  }

  private Set<JobPhase> next() {
    return switch (this) {
      // deployed | the deployment failed | cancelled | the restart strategy gave up
      case CREATED -> EnumSet.of(RUNNING, RESTARTING, CANCELLING, FAILED);
      // all input ended | stop with savepoint | a failure | cancelled | gave up
      case RUNNING -> EnumSet.of(FINISHING, STOPPING, RESTARTING, CANCELLING, FAILED);
      // the final checkpoint failed: try again | every task finished | ...
      case FINISHING -> EnumSet.of(RUNNING, FINISHED, RESTARTING, CANCELLING, FAILED);
      // the savepoint failed: run on | the savepoint was taken: cancel | ...
      case STOPPING -> EnumSet.of(RUNNING, CANCELLING, RESTARTING, FAILED);
      // redeployed | another failure merges into this restart | cancelled | gave up
      case RESTARTING -> EnumSet.of(RUNNING, RESTARTING, CANCELLING, FAILED);
      case CANCELLING -> EnumSet.of(CANCELED);
      case FINISHED, CANCELED, FAILED -> EnumSet.noneOf(JobPhase.class);
    };
  }

  /** The state REST and the CLI show for this phase. */
  public JobStatus status() {
    return status;
  }

  public boolean terminal() {
    return status.terminal();
  }

  /** Whether the job is ending or has ended: no failure is handled, no deployment made. */
  public boolean stopped() {
    return terminal() || this == CANCELLING;
  }

  /** The phase after a move to {@code target}; throws when the move is illegal. */
  public JobPhase moveTo(JobPhase target) {
    if (!next().contains(target)) {
      throw new IllegalStateException("illegal job transition " + this + " -> " + target);
    }
    return target;
  }
}
