package io.weir.cluster.protocol;

/** Checkpoint {@code checkpointId} is complete: two-phase-commit sinks commit now. */
public record CheckpointComplete(long epoch, TaskAttempt attempt, long checkpointId) {
}
