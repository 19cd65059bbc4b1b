package io.weir.cluster.protocol;

import io.weir.checkpoint.CheckpointId;
import java.util.Optional;

/**
 * A task attempt failed: the error, the stack trace, and where in the input it was.
 * {@code corruptCheckpoint} names the checkpoint whose state could not be read when that is why
 * (empty otherwise), so the leader restores from an older one. {@code sinkNotSetUp} names the sink
 * that could not be set up where the task was deployed (empty otherwise): then {@code error} is the
 * environment's reason, and the leader names the sink, the subtask and the worker with it.
 */
public record TaskFailed(TaskAttempt attempt, String error, String stackTrace, String position, long at,
                         Optional<CheckpointId> corruptCheckpoint, String sinkNotSetUp) implements TaskReport {

  public TaskFailed(TaskAttempt attempt, String error, String stackTrace, String position, long at,
                    Optional<CheckpointId> corruptCheckpoint) {
    this(attempt, error, stackTrace, position, at, corruptCheckpoint, "");
  }
}
