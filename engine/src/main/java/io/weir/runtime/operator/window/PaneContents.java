package io.weir.runtime.operator.window;

import io.weir.api.Collector;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.api.window.AggregateFunction;
import io.weir.api.window.TimeWindow;
import io.weir.api.window.WindowAssigner;
import io.weir.api.window.WindowFunction;
import io.weir.state.KeyedStateBackend;
import java.util.Arrays;

/**
 * Sliding windows of an aggregate kept as panes: a pane is one slide of time, [start, start + slide),
 * and holds the accumulator of its records; a key's panes are one state entry ({@link Panes}) under
 * the key itself. A record updates one pane instead of size/slide windows; a window's result merges
 * the accumulators of its panes, in time order, when it fires. A pane is dropped with the last
 * window it is in (the one that starts with it). Only for windows whose size is a multiple of their
 * slide and aggregates that merge ({@link #applies}). Each call works on the backend's current key.
 */
final class PaneContents {
  private final AggregateFunction<Object, Object, Object> aggregate;
  private final WindowFunction<Object, Object, Object> result;
  private final long size;
  private ValueState<Panes> panes;

  @SuppressWarnings("unchecked")
  PaneContents(WindowAssigner assigner, AggregateFunction<?, ?, ?> aggregate, WindowFunction<?, ?, ?> result) {
    this.aggregate = (AggregateFunction<Object, Object, Object>) aggregate;
    this.result = (WindowFunction<Object, Object, Object>) result;
    this.size = assigner.size();
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
    this.panes = state.valueState(new ValueStateDescriptor<>(stateName));
  }

  /** Adds {@code record} to the pane starting at {@code paneStart}; true when the pane was empty. */
  boolean add(long paneStart, Object record) {
    Panes p = panes.value();
    if (p == null) {
      panes.update(new Panes(new long[] {paneStart}, Arrays.asList(aggregate.add(record, aggregate.createAccumulator()))));
      return true;
    }
    int i = p.indexOf(paneStart);
    if (i >= 0) {
      Object[] accs = p.accumulators().toArray();
      accs[i] = aggregate.add(record, accs[i]);
      panes.update(new Panes(p.starts(), Arrays.asList(accs)));
      return false;
    }
    int at = -i - 1;
    int n = p.starts().length;
    long[] starts = new long[n + 1];
    Object[] accs = new Object[n + 1];
    Object[] old = p.accumulators().toArray();
    System.arraycopy(p.starts(), 0, starts, 0, at);
    System.arraycopy(old, 0, accs, 0, at);
    starts[at] = paneStart;
    accs[at] = aggregate.add(record, aggregate.createAccumulator());
    System.arraycopy(p.starts(), at, starts, at + 1, n - at);
    System.arraycopy(old, at, accs, at + 1, n - at);
    panes.update(new Panes(starts, Arrays.asList(accs)));
    return true;
  }

  /** Emits the result of {@code window} of {@code key}, merged from its panes in time order, if any holds anything. */
  void emit(Object key, TimeWindow window, Collector<Object> out) throws Exception {
    Panes p = panes.value();
    if (p == null) {
      return;
    }
    Object merged = null;
    long[] starts = p.starts();
    for (int i = 0; i < starts.length && starts[i] < window.end(); i++) {
      if (starts[i] >= window.start()) {
        Object acc = p.accumulators().get(i);
        merged = merged == null ? acc : aggregate.merge(merged, acc);
      }
    }
    if (merged != null) {
      out.collect(result.apply(key, window, aggregate.result(merged)));
    }
  }

  /** Whether a pane holds records of the window starting at {@code windowStart}. */
  boolean holdsAnyOf(long windowStart) {
    Panes p = panes.value();
    if (p == null) {
      return false;
    }
    for (long start : p.starts()) {
      if (start >= windowStart && start < windowStart + size) {
        return true;
      }
    }
    return false;
  }

  /** Drops the pane starting at {@code paneStart}, if there is one. */
  void clear(long paneStart) {
    Panes p = panes.value();
    int i = p == null ? -1 : p.indexOf(paneStart);
    if (i < 0) {
      return;
    }
    int n = p.starts().length;
    if (n == 1) {
      panes.clear();
      return;
    }
    long[] starts = new long[n - 1];
    Object[] accs = new Object[n - 1];
    Object[] old = p.accumulators().toArray();
    System.arraycopy(p.starts(), 0, starts, 0, i);
    System.arraycopy(old, 0, accs, 0, i);
    System.arraycopy(p.starts(), i + 1, starts, i, n - 1 - i);
    System.arraycopy(old, i + 1, accs, i, n - 1 - i);
    panes.update(new Panes(starts, Arrays.asList(accs)));
  }
}
