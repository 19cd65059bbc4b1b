package io.weir.cluster.protocol;

/** A task could not take its part of a checkpoint. */
public record DeclineCheckpoint(TaskAttempt attempt, long checkpointId, String reason) implements TaskReport {
}
