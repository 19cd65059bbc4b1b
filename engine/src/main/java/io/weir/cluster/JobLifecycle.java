package io.weir.cluster;

/**
 * The job master's lifecycle: the job's {@link JobPhase}, changed only through the checked move,
 * and when it was created, first ran and ended. Also the one answer to "is this work still
 * wanted": a deployment, a recovery or a final checkpoint started in one phase takes a
 * {@link Turn}, and {@link #stillIn} tells whether the job has moved on since (a failure, another
 * restart, a cancel). Touched only on the coordinator's context.
 */
final class JobLifecycle {
  /** One stay of the job in one phase; compared by identity. */
  static final class Turn {
    private final JobPhase phase;

    private Turn(JobPhase phase) {
      this.phase = phase;
    }

    JobPhase phase() {
      return phase;
    }
  }

  private final CoordinatorContext ctx;
  private final long createdAt;
  private Turn turn = new Turn(JobPhase.CREATED);
  private long runningSince;
  private long endedAt;

  private final java.util.function.Consumer<JobStatus> statusChanged;

  JobLifecycle(CoordinatorContext ctx) {
    this(ctx, status -> { });
  }

  /** {@code statusChanged} hears every move that changes the job's {@link JobStatus}. */
  JobLifecycle(CoordinatorContext ctx, java.util.function.Consumer<JobStatus> statusChanged) {
    this.ctx = ctx;
    this.createdAt = ctx.now();
    this.statusChanged = statusChanged;
  }

  JobPhase phase() {
    return turn.phase;
  }

  /** The job's current stay in its phase, to check later with {@link #stillIn}. */
  Turn turn() {
    return turn;
  }

  /** Whether the job is still in the phase {@code t} was taken in, with no move since. */
  boolean stillIn(Turn t) {
    return t == turn;
  }

  /** Moves the job to {@code target}; throws when the move is illegal. */
  void moveTo(JobPhase target) {
    JobStatus before = turn.phase.status();
    turn = new Turn(turn.phase.moveTo(target));
    if (target == JobPhase.RUNNING && runningSince == 0) {
      runningSince = ctx.now();
    } else if (target.terminal()) {
      endedAt = ctx.now();
    }
    if (target.status() != before) {
      statusChanged.accept(target.status());
    }
  }

  long createdAt() {
    return createdAt;
  }

  long runningSince() {
    return runningSince;
  }

  long endedAt() {
    return endedAt;
  }
}
