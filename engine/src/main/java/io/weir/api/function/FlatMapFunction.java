package io.weir.api.function;

import io.weir.api.Collector;

/** Turns each record into zero or more records. */
@FunctionalInterface
public interface FlatMapFunction<I, O> {
  void flatMap(I value, Collector<O> out) throws Exception;
}
