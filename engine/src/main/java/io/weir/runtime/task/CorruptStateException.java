package io.weir.runtime.task;

import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import java.util.Optional;

/** Thrown when a checkpoint's state cannot be read, so the leader falls back to an older one. */
final class CorruptStateException extends Exception {
  final CheckpointId checkpointId;

  CorruptStateException(CheckpointId checkpointId, CorruptCheckpointException cause) {
    super("checkpoint " + checkpointId + " cannot be restored: " + cause.getMessage(), cause);
    this.checkpointId = checkpointId;
  }

  /** The checkpoint that could not be restored, when {@code error} comes from one. */
  static Optional<CheckpointId> checkpointIn(Throwable error) {
    Optional<CheckpointId> corrupt = Optional.empty();
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof CorruptStateException c) {
        corrupt = Optional.of(c.checkpointId);
      }
    }
    return corrupt;
  }
}
