package io.weir.connector;

/** What a source reader knows of the subtask it runs in. */
public interface SourceContext {
  int subtaskIndex();

  int parallelism();

  /** The current processing time in milliseconds (a clock a test can control). */
  long currentTimeMillis();

  long nanoTime();
}
