package io.weir.runtime.operator;

/**
 * A sink could not be set up where its task was deployed (its directory cannot be created, a
 * permission is missing, a class is not found): the environment's fault. It names the sink; the
 * leader adds the subtask and the worker, so the cause says what, where and why: "sink 'output'
 * (task 2/2 on w-3): cannot create output directory /proc/x: No such file or directory".
 */
public final class SinkSetupException extends Exception {
  private final String sink;

  public SinkSetupException(String sink, Throwable cause) {
    super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    this.sink = sink;
  }

  public String sink() {
    return sink;
  }

  /** The sink that could not be set up, if {@code error} or one of its causes says so; else empty. */
  public static String sinkIn(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SinkSetupException s) {
        return s.sink;
      }
    }
    return "";
  }
}
