package io.weir.cluster.protocol;

import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.TaskStateSnapshot;

/** A task took its part of a checkpoint: its state handles and figures. */
public record AcknowledgeCheckpoint(TaskAttempt attempt, CheckpointId checkpointId, TaskStateSnapshot state,
                                    long syncMillis, long asyncMillis, long alignmentMillis) implements TaskReport {
}
