package io.weir.api;

import io.weir.api.function.FilterFunction;
import io.weir.api.function.FlatMapFunction;
import io.weir.api.function.KeySelector;
import io.weir.api.function.MapFunction;
import io.weir.connector.Sink;
import io.weir.runtime.graph.Partitioning;
import io.weir.runtime.graph.Vertex;
import io.weir.runtime.operator.FilterOperator;
import io.weir.runtime.operator.FlatMapOperator;
import io.weir.runtime.operator.MapOperator;
import java.util.List;
import java.util.Objects;

/**
 * A stream of records of type {@code T}, produced by one operator. Each call adds an operator that
 * consumes it. Forward-connected operators with the same parallelism are chained into one task.
 */
public class Stream<T> {
  final Pipeline pipeline;
  final Vertex producer;
  private final Partitioning partitioning;

  Stream(Pipeline pipeline, Vertex producer) {
    this(pipeline, producer, Partitioning.FORWARD);
  }

  private Stream(Pipeline pipeline, Vertex producer, Partitioning partitioning) {
    this.pipeline = pipeline;
    this.producer = producer;
    this.partitioning = partitioning;
  }

  public <R> Stream<R> map(MapFunction<T, R> function) {
    return map(null, function);
  }

  public <R> Stream<R> map(String name, MapFunction<T, R> function) {
    Objects.requireNonNull(function, "function");
    return then(pipeline.graph().addOperator(name, "map", () -> new MapOperator(function), false));
  }

  public Stream<T> filter(FilterFunction<T> function) {
    return filter(null, function);
  }

  public Stream<T> filter(String name, FilterFunction<T> function) {
    Objects.requireNonNull(function, "function");
    return then(pipeline.graph().addOperator(name, "filter", () -> new FilterOperator(function), false));
  }

  public <R> Stream<R> flatMap(FlatMapFunction<T, R> function) {
    return flatMap(null, function);
  }

  public <R> Stream<R> flatMap(String name, FlatMapFunction<T, R> function) {
    Objects.requireNonNull(function, "function");
    return then(pipeline.graph().addOperator(name, "flat-map", () -> new FlatMapOperator(function), false));
  }

  /** Partitions by key: every record of a key goes to the same subtask, which keeps the key's state. */
  public <K> KeyedStream<K, T> keyBy(KeySelector<T, K> keySelector) {
    return new KeyedStream<>(pipeline, producer, Objects.requireNonNull(keySelector, "keySelector"));
  }

  /** Spreads records round-robin over the next operator's subtasks. */
  public Stream<T> rebalance() {
    return new Stream<>(pipeline, producer, Partitioning.REBALANCE);
  }

  /** Sends every record to every subtask of the next operator. */
  public Stream<T> broadcast() {
    return new Stream<>(pipeline, producer, Partitioning.BROADCAST);
  }

  /** Merges this stream with others of the same type into one. */
  @SafeVarargs
  public final Stream<T> union(Stream<T>... others) {
    Vertex union = pipeline.graph().addOperator(null, "union", () -> new MapOperator((MapFunction<T, T>) v -> v), false);
    pipeline.graph().connect(producer, union, partitioning == Partitioning.FORWARD ? Partitioning.REBALANCE : partitioning, null);
    for (Stream<T> other : List.of(others)) {
      pipeline.graph().connect(other.producer, union,
          other.partitioning == Partitioning.FORWARD ? Partitioning.REBALANCE : other.partitioning, null);
    }
    return new Stream<>(pipeline, union);
  }

  /** Sets the parallelism of the operator that produces this stream. */
  public Stream<T> parallelism(int parallelism) {
    pipeline.graph().setParallelism(producer, parallelism);
    return this;
  }

  /** Names the operator that produces this stream (names must be unique in a job). */
  public Stream<T> name(String name) {
    pipeline.graph().rename(producer, name);
    return this;
  }

  /** Runs the producing operator in its own task, not chained with its neighbours. */
  public Stream<T> disableChaining() {
    pipeline.graph().disableChaining(producer);
    return this;
  }

  public SinkStage sink(String name, Sink<T> sink) {
    Vertex v = pipeline.graph().addSink(name, Objects.requireNonNull(sink, "sink"));
    pipeline.graph().connect(producer, v, partitioning, null);
    return new SinkStage(pipeline, v);
  }

  <R> Stream<R> then(Vertex next) {
    pipeline.graph().connect(producer, next, partitioning, null);
    return new Stream<>(pipeline, next);
  }

  /** A sink added to a stream; its parallelism can be set. */
  public static final class SinkStage {
    private final Pipeline pipeline;
    private final Vertex vertex;

    SinkStage(Pipeline pipeline, Vertex vertex) {
      this.pipeline = pipeline;
      this.vertex = vertex;
    }

    public SinkStage parallelism(int parallelism) {
      pipeline.graph().setParallelism(vertex, parallelism);
      return this;
    }

    public SinkStage disableChaining() {
      pipeline.graph().disableChaining(vertex);
      return this;
    }
  }
}
