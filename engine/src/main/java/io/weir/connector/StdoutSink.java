package io.weir.connector;

import java.io.PrintStream;

/** Prints each record on standard output, prefixed with the subtask when there are several. */
public final class StdoutSink<T> implements Sink<T> {
  @Override
  public SinkWriter<T> createWriter(SinkContext context) {
    String prefix = context.parallelism() > 1 ? (context.subtaskIndex() + 1) + "> " : "";
    PrintStream out = System.out;
    return new SinkWriter<>() {
      @Override
      public void write(T record) {
        out.println(prefix + record);
      }

      @Override
      public void close() {
        out.flush();
      }
    };
  }

  @Override
  public Guarantee guarantee() {
    return Guarantee.AT_LEAST_ONCE;
  }
}
