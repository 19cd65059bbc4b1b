package io.weir.cluster.protocol;

/** Checkpoint {@code checkpointId} was aborted: stop aligning for it and drop what it holds. */
public record CheckpointAborted(long epoch, TaskAttempt attempt, long checkpointId, String reason) {
}
