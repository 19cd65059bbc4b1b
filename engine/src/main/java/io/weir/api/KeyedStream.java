package io.weir.api;

import io.weir.api.function.KeySelector;
import io.weir.api.function.KeyedProcessFunction;
import io.weir.api.function.ReduceFunction;
import io.weir.api.window.WindowAssigner;
import io.weir.runtime.graph.Partitioning;
import io.weir.runtime.graph.Vertex;
import io.weir.runtime.operator.KeyedProcessOperator;
import io.weir.runtime.operator.ReduceOperator;
import java.util.Objects;

/** A stream partitioned by key; the operators added to it keep keyed state. */
public final class KeyedStream<K, T> {
  private final Pipeline pipeline;
  private final Vertex producer;
  private final KeySelector<T, K> keySelector;

  KeyedStream(Pipeline pipeline, Vertex producer, KeySelector<T, K> keySelector) {
    this.pipeline = pipeline;
    this.producer = producer;
    this.keySelector = keySelector;
  }

  public <R> Stream<R> process(String name, KeyedProcessFunction<K, T, R> function) {
    Objects.requireNonNull(function, "function");
    Vertex v = pipeline.graph().addOperator(name, "process", () -> new KeyedProcessOperator(function), true);
    pipeline.graph().connect(producer, v, Partitioning.HASH, keySelector);
    return new Stream<>(pipeline, v);
  }

  /** Cuts the stream into windows of each key (tumbling, sliding or session; event or processing time). */
  public WindowedStream<K, T> window(WindowAssigner assigner) {
    return new WindowedStream<>(pipeline, producer, keySelector, assigner);
  }

  /** Joins this stream with {@code other} by key (interval, window or regular join). */
  public <R> JoinedStreams<K, T, R> join(KeyedStream<K, R> other) {
    return new JoinedStreams<>(pipeline, producer, keySelector, other.producer, other.keySelector);
  }

  /** A rolling reduce: emits the key's new value after every record. */
  public Stream<T> reduce(String name, ReduceFunction<T> function) {
    Objects.requireNonNull(function, "function");
    Vertex v = pipeline.graph().addOperator(name, "reduce", () -> new ReduceOperator(function, "reduce-value"), true);
    pipeline.graph().connect(producer, v, Partitioning.HASH, keySelector);
    return new Stream<>(pipeline, v);
  }
}
