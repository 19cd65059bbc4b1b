package io.weir.cluster;

import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.CheckpointMetadata;
import io.weir.checkpoint.StateAssignment;
import io.weir.cluster.protocol.TaskRestore;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.JobGraph;
import java.util.Optional;

/** What a deployment of the job starts from; hands each task its {@link TaskRestore}. */
sealed interface RestorePoint {

  /** A new job started from nothing. */
  record Fresh() implements RestorePoint {
  }

  /** A restart before any checkpoint completed. */
  record NoCheckpointYet() implements RestorePoint {
  }

  /** A completed checkpoint or a savepoint. */
  record Snapshot(CheckpointMetadata metadata) implements RestorePoint {
  }

  /** Where a job starts: from the savepoint or retained checkpoint it was submitted with, or from nothing. */
  static RestorePoint initial(CheckpointMetadata initialState) {
    return initialState == null ? new Fresh() : new Snapshot(initialState);
  }

  /** Where a restart starts: from {@code latest}, else where the job started, else from no checkpoint. */
  static RestorePoint restart(CheckpointMetadata latest, CheckpointMetadata initialState) {
    CheckpointMetadata from = latest != null ? latest : initialState;
    return from == null ? new NoCheckpointYet() : new Snapshot(from);
  }

  default TaskRestore forTask(JobGraph graph, TaskId task) {
    if (this instanceof Snapshot s) {
      return StateAssignment.forTask(s.metadata(), graph, task);
    }
    return this instanceof NoCheckpointYet ? new TaskRestore.NoCheckpointYet() : new TaskRestore.FreshStart();
  }

  /** The checkpoint (or savepoint) restored, if any. */
  default Optional<CheckpointId> checkpointId() {
    return this instanceof Snapshot s ? Optional.of(s.metadata().checkpointId()) : Optional.empty();
  }
}
