package io.weir.examples.nexmark;

import io.weir.api.Collector;
import io.weir.api.RuntimeContext;
import io.weir.api.function.KeyedProcessFunction;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;

/** Emits the first record of each key and drops the rest (the key is the record). */
final class FirstOfKey<T> extends KeyedProcessFunction<T, T, T> {
  private ValueState<Boolean> seen;

  @Override
  public void open(RuntimeContext context) {
    seen = context.getState(new ValueStateDescriptor<>("seen"));
  }

  @Override
  public void processElement(T value, Context<T> ctx, Collector<T> out) {
    if (seen.value() == null) {
      seen.update(Boolean.TRUE);
      out.collect(value);
    }
  }
}
