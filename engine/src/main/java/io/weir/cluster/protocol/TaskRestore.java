package io.weir.cluster.protocol;

import io.weir.checkpoint.CheckpointId;
import io.weir.state.KeyedStateHandle;
import java.util.List;
import java.util.Map;

/**
 * What a task attempt starts from: nothing (a new job), nothing but a restart (no checkpoint had
 * completed: the operators still hear of the restore, so that sinks can clean up what the failed
 * attempt left), or the state of a checkpoint or of a savepoint. Sent inside {@link DeployTask};
 * every variant is a record, so the event-bus codec writes the concrete one.
 */
public sealed interface TaskRestore {

  /** The first run of a job that starts from nothing: no operator hears of a restore. */
  record FreshStart() implements TaskRestore {
  }

  /** A restart before any checkpoint completed: every operator restores empty state. */
  record NoCheckpointYet() implements TaskRestore {
  }

  /**
   * The state of one snapshot: the keyed state handles whose key groups the attempt owns, and, for
   * each operator of its chain (by name), every old subtask's operator state in serialized form.
   */
  sealed interface FromSnapshot extends TaskRestore {
    CheckpointId checkpointId();

    String storageUri();

    List<KeyedStateHandle> keyed();

    Map<String, List<byte[]>> operatorStates();
  }

  /** From checkpoint {@code checkpointId} of this job (after a failure, or when resuming a retained checkpoint). */
  record FromCheckpoint(CheckpointId checkpointId, String storageUri, List<KeyedStateHandle> keyed,
                        Map<String, List<byte[]>> operatorStates) implements FromSnapshot {
  }

  /** From a savepoint taken by a user. */
  record FromSavepoint(CheckpointId checkpointId, String storageUri, List<KeyedStateHandle> keyed,
                       Map<String, List<byte[]>> operatorStates) implements FromSnapshot {
  }
}
