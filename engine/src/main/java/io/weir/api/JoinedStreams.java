package io.weir.api;

import io.weir.api.function.JoinFunction;
import io.weir.api.function.KeySelector;
import io.weir.api.window.WindowAssigner;
import io.weir.runtime.graph.Partitioning;
import io.weir.runtime.graph.Vertex;
import io.weir.runtime.operator.MapOperator;
import io.weir.runtime.operator.StreamOperator;
import io.weir.runtime.operator.join.IntervalJoinOperator;
import io.weir.runtime.operator.join.JoinSide;
import io.weir.runtime.operator.join.KeyedJoinOperator;
import io.weir.runtime.operator.window.WindowOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Two keyed streams with keys of the same type, to be joined by key: in an interval of event time,
 * in the same window, or without bounds (both sides kept as keyed state until a key has been
 * quiet for a time-to-live). Each side's records are tagged with their side and key, and both
 * sides meet at the join's subtasks on one hash partitioning.
 */
public final class JoinedStreams<K, L, R> {
  private static final KeySelector<JoinSide, Object> KEY = JoinSide::key;

  private final Pipeline pipeline;
  private final Vertex left;
  private final KeySelector<L, K> leftKey;
  private final Vertex right;
  private final KeySelector<R, K> rightKey;

  JoinedStreams(Pipeline pipeline, Vertex left, KeySelector<L, K> leftKey, Vertex right, KeySelector<R, K> rightKey) {
    this.pipeline = pipeline;
    this.left = left;
    this.leftKey = leftKey;
    this.right = Objects.requireNonNull(right, "right");
    this.rightKey = rightKey;
  }

  /** Joins each left record at time t with every right record of its key at a time in [t + lower, t + upper] (event time). */
  public <O> Stream<O> intervalJoin(String name, Duration lower, Duration upper, JoinFunction<L, R, O> function) {
    Objects.requireNonNull(function, "function");
    long lo = lower.toMillis();
    long up = upper.toMillis();
    return add(name, () -> new IntervalJoinOperator(name, lo, up, function));
  }

  /** Joins every left and right record of a key that fall in the same window; pairs are emitted when the window fires. */
  @SuppressWarnings("unchecked")
  public <O> Stream<O> windowJoin(String name, WindowAssigner windows, JoinFunction<L, R, O> function) {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(windows, "windows");
    return add(name, () -> WindowOperator.buffering(name, windows, 0, false, (key, window, records, out) -> {
      List<Object> lefts = new ArrayList<>();
      List<Object> rights = new ArrayList<>();
      for (Object r : records) {
        JoinSide s = (JoinSide) r;
        (s.left() ? lefts : rights).add(s.value());
      }
      for (Object l : lefts) {
        for (Object r : rights) {
          out.collect(function.join((L) l, (R) r));
        }
      }
    }));
  }

  /** An unbounded inner join: each record joins every earlier record of the other side with its key; a key's state expires after {@code ttl} without records. */
  public <O> Stream<O> join(String name, Duration ttl, JoinFunction<L, R, O> function) {
    Objects.requireNonNull(function, "function");
    long ttlMillis = ttl.toMillis();
    return add(name, () -> new KeyedJoinOperator(name, ttlMillis, function));
  }

  private <O> Stream<O> add(String name, Supplier<StreamOperator> operator) {
    Objects.requireNonNull(name, "a join needs a name (its state is found by it)");
    Vertex join = pipeline.graph().addOperator(name, "join", operator, true);
    pipeline.graph().connect(tag(name + "-left", left, leftKey, true), join, Partitioning.HASH, KEY);
    pipeline.graph().connect(tag(name + "-right", right, rightKey, false), join, Partitioning.HASH, KEY);
    return new Stream<>(pipeline, join);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Vertex tag(String name, Vertex producer, KeySelector<?, K> key, boolean isLeft) {
    KeySelector<Object, K> k = (KeySelector<Object, K>) key;
    Vertex tag = pipeline.graph().addOperator(name, "map", () -> new MapOperator(v -> new JoinSide(isLeft, k.getKey(v), v)),
        false);
    pipeline.graph().connect(producer, tag, Partitioning.FORWARD, null);
    return tag;
  }
}
