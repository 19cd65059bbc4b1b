package io.weir.runtime.operator.window;

import io.weir.api.Collector;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.api.window.AggregateFunction;
import io.weir.api.window.TimeWindow;
import io.weir.api.window.WindowAssigner;
import io.weir.api.window.WindowFunction;
import io.weir.state.KeyedStateBackend;

/**
 * Sliding windows of an aggregate kept as panes: a pane is one slide of time, [start, start + slide),
 * and holds the accumulator of its records under a {@link WindowKey} of the pane. A record updates
 * one pane instead of size/slide windows; a window's result merges the accumulators of its
 * size/slide panes when it fires. A pane is dropped with the last window it is in (the one that
 * starts with it). Only for windows whose size is a multiple of their slide and aggregates that
 * merge ({@link #applies}).
 */
final class PaneContents {
  private final AggregateFunction<Object, Object, Object> aggregate;
  private final WindowFunction<Object, Object, Object> result;
  private final long slide;
  private KeyedStateBackend state;
  private ValueState<Object> accumulator;

  @SuppressWarnings("unchecked")
  PaneContents(WindowAssigner assigner, AggregateFunction<?, ?, ?> aggregate, WindowFunction<?, ?, ?> result) {
    this.aggregate = (AggregateFunction<Object, Object, Object>) aggregate;
    this.result = (WindowFunction<Object, Object, Object>) result;
    this.slide = assigner.slide();
  }

  /** Whether panes can stand in for the windows: sliding, size a multiple of the slide, an aggregate that overrides merge. */
  static boolean applies(WindowAssigner assigner, AggregateFunction<?, ?, ?> aggregate) {
    if (assigner.kind() != WindowAssigner.Kind.SLIDING || assigner.size() % assigner.slide() != 0) {
      return false;
    }
    try {
      return aggregate.getClass().getMethod("merge", Object.class, Object.class).getDeclaringClass() != AggregateFunction.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  void open(KeyedStateBackend state, String stateName) {
    this.state = state;
    this.accumulator = state.valueState(new ValueStateDescriptor<>(stateName));
  }

  /** Adds {@code record} to the pane of {@code key} starting at {@code paneStart}; true when the pane was empty. */
  boolean add(Object key, long paneStart, Object record) {
    state.setCurrentKey(new WindowKey(key, new TimeWindow(paneStart, paneStart + slide)));
    Object acc = accumulator.value();
    boolean first = acc == null;
    accumulator.update(aggregate.add(record, first ? aggregate.createAccumulator() : acc));
    return first;
  }

  /** Emits the result of {@code window} of {@code key}, merged from its panes in time order, if any holds anything. */
  void emit(Object key, TimeWindow window, Collector<Object> out) throws Exception {
    Object merged = null;
    for (long start = window.start(); start < window.end(); start += slide) {
      state.setCurrentKey(new WindowKey(key, new TimeWindow(start, start + slide)));
      Object acc = accumulator.value();
      if (acc != null) {
        merged = merged == null ? acc : aggregate.merge(merged, acc);
      }
    }
    if (merged != null) {
      out.collect(result.apply(key, window, aggregate.result(merged)));
    }
  }

  /** Drops the pane of {@code key} starting at {@code paneStart}. */
  void clear(Object key, long paneStart) {
    state.setCurrentKey(new WindowKey(key, new TimeWindow(paneStart, paneStart + slide)));
    accumulator.clear();
  }
}
