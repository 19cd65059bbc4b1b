package io.weir.checkpoint;

/** A checkpoint or savepoint failed; the message says which and why. */
public final class CheckpointException extends RuntimeException {
  public CheckpointException(String message) {
    super(message);
  }
}
