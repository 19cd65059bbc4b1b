package io.weir.state;

import io.weir.api.state.StateDescriptor;

/** Reading or writing keyed state failed (for instance, a reduce function threw). */
public final class StateAccessException extends RuntimeException {
  public StateAccessException(String message, Throwable cause) {
    super(message, cause);
  }

  public StateAccessException(String message) {
    super(message);
  }

  /** A state was asked for as {@code asked} under a name already declared for a {@code declared} state. */
  public static StateAccessException otherKind(String name, StateDescriptor.Kind declared, StateDescriptor.Kind asked) {
    return new StateAccessException("state '" + name + "' is a " + declared + " state, not a " + asked);
  }

  /** A state declared with a time-to-live ({@code declared} ms, 0: none) was asked for with {@code asked} ms, one of them none. */
  public static StateAccessException otherTimeToLive(String name, long declared, long asked) {
    return new StateAccessException("state '" + name + "' is declared " + (declared > 0 ? "with" : "without")
        + " a time-to-live already and cannot be declared " + (asked > 0 ? "with" : "without") + " one too");
  }
}
