package io.weir.checkpoint;

import io.vertx.core.Future;
import io.weir.cluster.protocol.TaskAttempt;
import java.util.Collection;

/** What the coordinator needs from the job it checkpoints. */
public interface CheckpointHost {
  /** Every deployed attempt: a checkpoint waits for all of them. */
  Collection<TaskAttempt> runningTasks();

  /** The attempts of the source tasks, where checkpoints are triggered. */
  Collection<TaskAttempt> sourceTasks();

  /** Whether all tasks are running so a checkpoint can be taken. */
  boolean canCheckpoint();

  void send(TaskAttempt task, Record message);

  /** More checkpoints failed in a row than tolerated. */
  void checkpointingFailed(String reason);

  /**
   * A checkpoint (not a savepoint) is complete and its metadata written at {@code location}: the
   * returned future completes once it is recorded where a next leader finds it; only then are
   * the tasks (and the sinks' commits) told. A failure aborts the checkpoint instead.
   */
  default Future<Void> recordCompleted(CheckpointId checkpointId, String location) {
    return Future.succeededFuture();
  }

  /** A checkpoint or savepoint completed: every running task took part in it. */
  default void checkpointCompleted(CheckpointMetadata metadata) {
  }
}
