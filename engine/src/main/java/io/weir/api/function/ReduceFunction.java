package io.weir.api.function;

/** Combines two values of the same key into one. */
@FunctionalInterface
public interface ReduceFunction<T> {
  T reduce(T accumulated, T value) throws Exception;
}
