package io.weir.api.window;

import io.weir.api.Collector;

/** Sees every record of a window of a key at once when the window fires (the records are kept as keyed state until then). */
@FunctionalInterface
public interface ProcessWindowFunction<K, T, R> {
  void process(K key, TimeWindow window, Iterable<T> records, Collector<R> out) throws Exception;
}
