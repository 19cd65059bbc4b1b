package io.weir.cluster.protocol;

import io.weir.checkpoint.CheckpointId;

/**
 * The job's final checkpoint {@code finalCheckpoint} is complete: commit everything it covers,
 * close the operators and report finished.
 */
public record FinishTask(long epoch, TaskAttempt attempt, CheckpointId finalCheckpoint) {
}
