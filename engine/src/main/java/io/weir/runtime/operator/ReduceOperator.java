package io.weir.runtime.operator;

import io.weir.api.function.KeySelector;
import io.weir.api.function.ReduceFunction;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.state.KeyedStateBackend;

/** A rolling reduce per key: folds each record into its key's value and emits the new value. */
public final class ReduceOperator implements StreamOperator {
  private final ReduceFunction<Object> function;
  private final String stateName;
  private KeyedStateBackend state;
  private KeySelector<Object, Object> keySelector;
  private ValueState<Object> value;
  private Output out;

  @SuppressWarnings("unchecked")
  public ReduceOperator(ReduceFunction<?> function, String stateName) {
    this.function = (ReduceFunction<Object>) function;
    this.stateName = stateName;
  }

  @Override
  public void open(OperatorContext context) {
    state = context.keyedState();
    keySelector = context.keySelector();
    out = context.output();
    value = state.valueState(new ValueStateDescriptor<>(stateName));
  }

  @Override
  public void process(Object record) throws Exception {
    state.setCurrentKey(keySelector.getKey(record));
    Object current = value.value();
    Object next = current == null ? record : function.reduce(current, record);
    value.update(next);
    out.collect(next);
  }
}
