package io.weir.api.window;

/** Counts the records of a window (or a session): the most common aggregate, written once. */
public final class CountAggregate<T> implements AggregateFunction<T, Long, Long> {
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
