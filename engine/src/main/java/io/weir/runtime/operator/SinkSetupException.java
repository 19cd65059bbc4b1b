package io.weir.runtime.operator;

/**
 * A sink could not be set up where its task was deployed (its directory cannot be created, a
 * permission is missing, a class is not found): the environment's fault, named with the sink and
 * the subtask, so the cause says what, where and why.
 */
public final class SinkSetupException extends Exception {
  public SinkSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
