package io.weir.api;

/** Receives the records a function emits. */
@FunctionalInterface
public interface Collector<T> {
  void collect(T record);
}
