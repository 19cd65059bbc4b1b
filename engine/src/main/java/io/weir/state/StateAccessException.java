package io.weir.state;

/** Reading or writing keyed state failed (for instance, a reduce function threw). */
public final class StateAccessException extends RuntimeException {
  public StateAccessException(String message, Throwable cause) {
    super(message, cause);
  }

  public StateAccessException(String message) {
    super(message);
  }
}
