package io.weir.checkpoint;

/**
 * The newest completed checkpoint has no intact copy and restoring an older one would repeat output
 * that a transactional sink already committed. The job must fail with this message: it names the
 * checkpoint, the file and the ways out (a savepoint, or {@code --allow-fallback}).
 */
public final class UnsafeFallbackException extends RuntimeException {
  private final CheckpointId checkpointId;

  public UnsafeFallbackException(CheckpointId checkpointId, String message) {
    super(message);
    this.checkpointId = checkpointId;
  }

  /** The unusable checkpoint. */
  public CheckpointId checkpointId() {
    return checkpointId;
  }
}
