package io.weir.api.function;

/** Keeps the records it returns true for. */
@FunctionalInterface
public interface FilterFunction<T> {
  boolean filter(T value) throws Exception;
}
