package io.weir.cluster;

/**
 * How a leader starts a job master: where its journal goes, the number of its first attempt, and
 * whether it continues a job an earlier leader ran. A job taken over restarts from its latest
 * completed checkpoint (or from no checkpoint yet, as a restart would), and its attempts are
 * numbered above any the earlier leaders could have used, so that no task address or committed
 * file name of a zombie attempt is ever reused.
 */
public record JobStart(JobJournal journal, int firstAttempt, boolean takenOver) {
  /** Attempts each leader may number a taken-over job's restarts with before reaching the next leader's. */
  static final int ATTEMPTS_PER_EPOCH = 1000;
  private static final long LARGEST_EPOCH = Integer.MAX_VALUE / ATTEMPTS_PER_EPOCH - 1;

  public JobStart {
    if (firstAttempt < 0) {
      throw new IllegalArgumentException("a job's first attempt is 0 or more, not " + firstAttempt);
    }
  }

  /** A job just submitted: attempts from 0. */
  public static JobStart submitted(JobJournal journal) {
    return new JobStart(journal, 0, false);
  }

  /** A job taken over by the leader of {@code epoch}. */
  public static JobStart takenOver(JobJournal journal, long epoch) {
    return new JobStart(journal, (int) Math.min(epoch, LARGEST_EPOCH) * ATTEMPTS_PER_EPOCH, true);
  }
}
