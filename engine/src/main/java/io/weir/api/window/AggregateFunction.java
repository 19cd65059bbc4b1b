package io.weir.api.window;

/**
 * Folds a window's records into an accumulator as they arrive, so a window holds one value per key
 * whatever its size. Accumulators are state: return a new one from {@link #add} and {@link #merge}
 * rather than changing the one given (checkpoints share it).
 */
public interface AggregateFunction<T, A, R> {
  A createAccumulator();

  A add(T value, A accumulator);

  R result(A accumulator);

  /** Combines the accumulators of two sessions that merge. */
  default A merge(A a, A b) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot merge accumulators (session windows need merge)");
  }
}
