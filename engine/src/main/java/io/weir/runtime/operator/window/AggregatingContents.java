package io.weir.runtime.operator.window;

import io.weir.api.Collector;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.api.window.AggregateFunction;
import io.weir.api.window.TimeWindow;
import io.weir.api.window.WindowFunction;
import io.weir.state.EmptyKeyWrites;
import io.weir.state.KeyedStateBackend;
import java.util.List;

/** A window's accumulator in value state: one value per window and key, folded as records arrive. */
final class AggregatingContents implements WindowContents {
  private final AggregateFunction<Object, Object, Object> aggregate;
  private final WindowFunction<Object, Object, Object> result;
  private KeyedStateBackend state;
  private ValueState<Object> accumulator;

  @SuppressWarnings("unchecked")
  AggregatingContents(AggregateFunction<?, ?, ?> aggregate, WindowFunction<?, ?, ?> result) {
    this.aggregate = (AggregateFunction<Object, Object, Object>) aggregate;
    this.result = (WindowFunction<Object, Object, Object>) result;
  }

  @Override
  public void open(KeyedStateBackend state, String stateName) {
    this.state = state;
    this.accumulator = state.valueState(new ValueStateDescriptor<>(stateName));
  }

  @Override
  public boolean add(Object record) {
    Object acc = accumulator.value();
    accumulator.update(fold(acc, record));
    return acc == null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void addFirst(Object record) {
    Object acc = fold(null, record);
    if (accumulator instanceof EmptyKeyWrites<?> empty) {
      ((EmptyKeyWrites<Object>) empty).writeToEmpty(acc);
    } else {
      accumulator.update(acc);
    }
  }

  @Override
  public void emit(Object key, TimeWindow window, Collector<Object> out) throws Exception {
    Object acc = accumulator.value();
    if (acc != null) {
      emit(key, window, acc, out);
    }
  }

  /** Emits the result of {@code acc}, an accumulator kept elsewhere (a session's own). */
  void emit(Object key, TimeWindow window, Object acc, Collector<Object> out) throws Exception {
    out.collect(result.apply(key, window, aggregate.result(acc)));
  }

  /** {@code acc} with {@code record} folded in; a null {@code acc} is a new accumulator. */
  Object fold(Object acc, Object record) {
    return aggregate.add(record, acc == null ? aggregate.createAccumulator() : acc);
  }

  /** The accumulator of both {@code a} and {@code b}, either of which may be null. */
  Object merge(Object a, Object b) {
    return a == null ? b : b == null ? a : aggregate.merge(a, b);
  }

  @Override
  public void clear() {
    accumulator.clear();
  }

  @Override
  public void merge(List<WindowKey> from, WindowKey into) {
    Object merged = null;
    for (WindowKey k : from) {
      state.setCurrentKey(k);
      Object acc = accumulator.value();
      accumulator.clear();
      merged = merge(merged, acc);
    }
    state.setCurrentKey(into);
    merged = merge(accumulator.value(), merged);
    if (merged != null) {
      accumulator.update(merged);
    }
  }
}
