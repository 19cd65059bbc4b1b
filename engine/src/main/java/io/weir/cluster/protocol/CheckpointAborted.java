package io.weir.cluster.protocol;

import io.weir.checkpoint.CheckpointId;

/** Checkpoint {@code checkpointId} was aborted: stop aligning for it and drop what it holds. */
public record CheckpointAborted(long epoch, TaskAttempt attempt, CheckpointId checkpointId, String reason) {
}
