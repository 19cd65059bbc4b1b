package io.weir.runtime.operator;

import io.weir.api.function.FilterFunction;

/** Applies a {@link FilterFunction}. */
public final class FilterOperator implements StreamOperator {
  private final FilterFunction<Object> function;
  private Output out;

  @SuppressWarnings("unchecked")
  public FilterOperator(FilterFunction<?> function) {
    this.function = (FilterFunction<Object>) function;
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
    if (function.filter(record)) {
      out.collect(record);
    }
  }
}
