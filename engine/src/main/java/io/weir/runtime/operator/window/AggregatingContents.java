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
    boolean first = acc == null;
    accumulator.update(aggregate.add(record, first ? aggregate.createAccumulator() : acc));
    return first;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void addFirst(Object record) {
    Object acc = aggregate.add(record, aggregate.createAccumulator());
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
      out.collect(result.apply(key, window, aggregate.result(acc)));
    }
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
      if (acc != null) {
        merged = merged == null ? acc : aggregate.merge(merged, acc);
      }
    }
    state.setCurrentKey(into);
    Object existing = accumulator.value();
    if (existing != null) {
      merged = merged == null ? existing : aggregate.merge(existing, merged);
    }
    if (merged != null) {
      accumulator.update(merged);
    }
  }
}
