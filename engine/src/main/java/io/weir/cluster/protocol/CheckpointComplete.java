package io.weir.cluster.protocol;

import io.weir.checkpoint.CheckpointId;

/** Checkpoint {@code checkpointId} is complete: two-phase-commit sinks commit now. */
public record CheckpointComplete(long epoch, TaskAttempt attempt, CheckpointId checkpointId) {
}
