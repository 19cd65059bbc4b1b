package io.weir.cluster;

import io.weir.checkpoint.CheckpointId;
import io.weir.runtime.TaskId;
import java.util.Optional;
import java.util.Set;

/**
 * One failure as the job master handles it: the tasks that failed, why (in the operator's words),
 * where in the task it happened and its stack trace when a task reported them, when it happened,
 * and the checkpoint the task could not read, if that was the cause.
 */
record JobFailure(Set<TaskId> tasks, String cause, String position, String stackTrace, long failedAt,
                  Optional<CheckpointId> corruptCheckpoint) {

  /** A failure the leader noticed itself (a worker lost, a deployment or a request that failed). */
  static JobFailure of(Set<TaskId> tasks, String cause, String position, long failedAt) {
    return new JobFailure(Set.copyOf(tasks), cause, position, null, failedAt, Optional.empty());
  }
}
