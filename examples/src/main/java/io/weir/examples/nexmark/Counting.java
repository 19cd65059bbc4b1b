package io.weir.examples.nexmark;

import io.weir.api.window.AggregateFunction;

/** Counts records (a window's, a session's). */
final class Counting<T> implements AggregateFunction<T, Long, Long> {
  @Override
  public Long createAccumulator() {
    return 0L;
  }

  @Override
  public Long add(T value, Long accumulator) {
    return accumulator + 1;
  }

  @Override
  public Long result(Long accumulator) {
    return accumulator;
  }

  @Override
  public Long merge(Long a, Long b) {
    return a + b;
  }
}
