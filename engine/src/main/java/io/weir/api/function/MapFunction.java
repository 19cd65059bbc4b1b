package io.weir.api.function;

/** Turns each record into exactly one record. */
@FunctionalInterface
public interface MapFunction<I, O> {
  O map(I value) throws Exception;
}
