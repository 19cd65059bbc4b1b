package io.weir.cluster.protocol;

/**
 * The job's final checkpoint {@code finalCheckpoint} is complete: commit everything it covers,
 * close the operators and report finished.
 */
public record FinishTask(long epoch, TaskAttempt attempt, long finalCheckpoint) {
}
