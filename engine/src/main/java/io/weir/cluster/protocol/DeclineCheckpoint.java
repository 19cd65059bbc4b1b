package io.weir.cluster.protocol;

import io.weir.checkpoint.CheckpointId;

/** A task could not take its part of a checkpoint. */
public record DeclineCheckpoint(TaskAttempt attempt, CheckpointId checkpointId, String reason) implements TaskReport {
}
