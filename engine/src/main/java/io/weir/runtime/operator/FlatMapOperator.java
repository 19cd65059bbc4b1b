package io.weir.runtime.operator;

import io.weir.api.function.FlatMapFunction;

/** Applies a {@link FlatMapFunction}. */
public final class FlatMapOperator implements StreamOperator {
  private final FlatMapFunction<Object, Object> function;
  private Output out;

  @SuppressWarnings("unchecked")
  public FlatMapOperator(FlatMapFunction<?, ?> function) {
    this.function = (FlatMapFunction<Object, Object>) function;
  }

  @Override
  public void open(OperatorContext context) throws Exception {
    out = context.output();
    if (function instanceof io.weir.api.function.RichFunction rich) {
      rich.open(context.runtimeContext());
    }
  }

  @Override
  public void close() throws Exception {
    if (function instanceof io.weir.api.function.RichFunction rich) {
      rich.close();
    }
  }

  @Override
  public void process(Object record) throws Exception {
    function.flatMap(record, out);
  }
}
