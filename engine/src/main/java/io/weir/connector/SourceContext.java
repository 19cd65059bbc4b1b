package io.weir.connector;

import io.vertx.core.Vertx;

/** What a source reader knows of the subtask it runs in. */
public interface SourceContext {
  int subtaskIndex();

  int parallelism();

  /** The current processing time in milliseconds (a clock a test can control). */
  long currentTimeMillis();

  long nanoTime();

  /** The Vert.x instance of the node the reader runs on (its event bus, for the event-bus source). */
  Vertx vertx();
}
