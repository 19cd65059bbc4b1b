package io.weir.connector;

import io.vertx.core.Vertx;

/** What a sink writer knows of its subtask, fixed by the test. */
record TestSinkContext(int subtaskIndex, int parallelism, int attemptNumber, Vertx vertx) implements SinkContext {

  TestSinkContext(int subtaskIndex, int parallelism, int attemptNumber) {
    this(subtaskIndex, parallelism, attemptNumber, null);
  }

  @Override
  public String jobId() {
    return "sink-test-000001";
  }

  @Override
  public void setWritable(boolean writable) {
  }
}
