package io.weir.api.window;

/** Turns a window's result for a key into the record emitted; sees the window's start and end. */
@FunctionalInterface
public interface WindowFunction<K, V, R> {
  R apply(K key, TimeWindow window, V value) throws Exception;
}
