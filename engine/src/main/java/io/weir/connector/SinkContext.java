package io.weir.connector;

import io.vertx.core.Vertx;

/** What a sink writer knows of the subtask it runs in. */
public interface SinkContext {
  int subtaskIndex();

  int parallelism();

  /** The execution attempt; names of in-progress files include it so attempts never collide. */
  int attemptNumber();

  String jobId();

  Vertx vertx();

  /**
   * A writer with asynchronous writes calls this with false when too many are in flight, and with
   * true when there is room again; the task stops feeding it meanwhile. Call on the task's thread.
   */
  void setWritable(boolean writable);
}
