package io.weir.api;

import io.weir.api.function.KeySelector;
import io.weir.api.function.ReduceFunction;
import io.weir.api.window.AggregateFunction;
import io.weir.api.window.ProcessWindowFunction;
import io.weir.api.window.WindowAssigner;
import io.weir.api.window.WindowFunction;
import io.weir.api.window.WindowResult;
import io.weir.runtime.graph.Partitioning;
import io.weir.runtime.graph.Vertex;
import io.weir.runtime.operator.FlatMapOperator;
import io.weir.runtime.operator.FilterOperator;
import io.weir.runtime.operator.StreamOperator;
import io.weir.runtime.operator.window.LateRecord;
import io.weir.runtime.operator.window.WindowOperator;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A keyed stream cut into windows; a window function turns each window of each key into results.
 * Incremental functions ({@link #reduce}, {@link #aggregate}) keep one accumulator per window and
 * key; {@link #process} keeps every record until the window fires. Both are keyed state.
 */
public final class WindowedStream<K, T> {
  private final Pipeline pipeline;
  private final Vertex producer;
  private final KeySelector<T, K> keySelector;
  private final WindowAssigner assigner;
  private long allowedLateness;
  private boolean lateOutput;

  WindowedStream(Pipeline pipeline, Vertex producer, KeySelector<T, K> keySelector, WindowAssigner assigner) {
    this.pipeline = pipeline;
    this.producer = producer;
    this.keySelector = keySelector;
    this.assigner = Objects.requireNonNull(assigner, "assigner");
  }

  /** Event-time windows accept records up to {@code lateness} after their end, firing again with each. */
  public WindowedStream<K, T> allowedLateness(Duration lateness) {
    if (lateness == null || lateness.isNegative()) {
      throw new IllegalArgumentException("allowed lateness must not be negative, got " + lateness);
    }
    this.allowedLateness = lateness.toMillis();
    return this;
  }

  /** Keeps records too late for every window: read them from {@link Result#lateRecords()}. */
  public WindowedStream<K, T> sideOutputLateData() {
    this.lateOutput = true;
    return this;
  }

  /** Each window's records folded pairwise; the result is the key's {@link WindowResult}. */
  public Result<WindowResult<K, T>, T> reduce(String name, ReduceFunction<T> function) {
    Objects.requireNonNull(function, "function");
    return aggregate(name, new AggregateFunction<T, T, T>() {
      @Override
      public T createAccumulator() {
        return null;
      }

      @Override
      public T add(T value, T accumulator) {
        try {
          return accumulator == null ? value : function.reduce(accumulator, value);
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException("the reduce function of window '" + name + "' failed: " + e.getMessage(), e);
        }
      }

      @Override
      public T result(T accumulator) {
        return accumulator;
      }

      @Override
      public T merge(T a, T b) {
        return add(b, a);
      }
    });
  }

  public <A, R> Result<WindowResult<K, R>, T> aggregate(String name, AggregateFunction<T, A, R> aggregate) {
    return aggregate(name, aggregate, (key, window, value) -> new WindowResult<>(key, window.start(), window.end(), value));
  }

  /** Each window's aggregate, made into the record emitted by {@code result}. */
  public <A, V, R> Result<R, T> aggregate(String name, AggregateFunction<T, A, V> aggregate, WindowFunction<K, V, R> result) {
    Objects.requireNonNull(aggregate, "aggregate");
    Objects.requireNonNull(result, "result");
    return add(name, () -> WindowOperator.aggregating(name, assigner, allowedLateness, lateOutput, aggregate, result));
  }

  /** Each window's records all at once, when it fires. */
  public <R> Result<R, T> process(String name, ProcessWindowFunction<K, T, R> function) {
    Objects.requireNonNull(function, "function");
    return add(name, () -> WindowOperator.buffering(name, assigner, allowedLateness, lateOutput, function));
  }

  private <R> Result<R, T> add(String name, Supplier<StreamOperator> operator) {
    Objects.requireNonNull(name, "a window needs a name (its state is found by it)");
    Vertex window = pipeline.graph().addOperator(name, "window", operator, true);
    pipeline.graph().connect(producer, window, Partitioning.HASH, keySelector);
    if (!lateOutput) {
      return new Result<>(pipeline, window, null);
    }
    Vertex results = pipeline.graph().addOperator(name + "-results", "filter",
        () -> new FilterOperator(r -> !(r instanceof LateRecord)), false);
    pipeline.graph().connect(window, results, Partitioning.FORWARD, null);
    Vertex late = pipeline.graph().addOperator(name + "-late", "flat-map", () -> new FlatMapOperator((r, out) -> {
      if (r instanceof LateRecord l) {
        out.collect(l.record());
      }
    }), false);
    pipeline.graph().connect(window, late, Partitioning.FORWARD, null);
    return new Result<>(pipeline, results, late);
  }

  /** The windows' results; and, with {@link #sideOutputLateData()}, the records that came too late. */
  public static final class Result<R, T> extends Stream<R> {
    private final Vertex late;

    Result(Pipeline pipeline, Vertex producer, Vertex late) {
      super(pipeline, producer);
      this.late = late;
    }

    public Stream<T> lateRecords() {
      if (late == null) {
        throw new IllegalStateException("late records are only kept after sideOutputLateData()");
      }
      return new Stream<>(pipeline, late);
    }
  }
}
