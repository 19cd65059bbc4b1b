package io.weir.examples.nexmark;

import io.weir.connector.Sink;
import io.weir.connector.SinkContext;
import io.weir.connector.SinkWriter;

/** Takes every record and keeps none: a query's cost without its output's (the benchmark's sink). */
public final class DiscardSink<T> implements Sink<T> {
  @Override
  public SinkWriter<T> createWriter(SinkContext context) {
    return new SinkWriter<>() {
      @Override
      public void write(T record) {
      }

      @Override
      public void close() {
      }
    };
  }

  @Override
  public Guarantee guarantee() {
    return Guarantee.EXACTLY_ONCE; // nothing is written, so nothing is repeated
  }
}
