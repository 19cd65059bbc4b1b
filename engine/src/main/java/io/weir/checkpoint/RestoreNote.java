package io.weir.checkpoint;

import java.util.Optional;

/**
 * What a restore found, for status and the REST API: the checkpoint restored (empty for the job's
 * initial state), how it went, and in operator words why. One per restore.
 */
public record RestoreNote(long at, Outcome outcome, Optional<CheckpointId> checkpointId, String detail) {
  /** How a restore point was chosen. */
  public enum Outcome {
    /** The newest completed checkpoint, intact in its primary storage. */
    INTACT,
    /** The newest completed checkpoint, with files read from its second copy. */
    COPY_USED,
    /** The newest was unusable; an older state was restored, which the policy allowed. */
    FELL_BACK,
    /** The newest was unusable and falling back could repeat committed output: the job must fail. */
    REFUSED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}
