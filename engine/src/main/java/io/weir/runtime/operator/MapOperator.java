package io.weir.runtime.operator;

import io.weir.api.function.MapFunction;

/** Applies a {@link MapFunction}. */
public final class MapOperator implements StreamOperator {
  private final MapFunction<Object, Object> function;
  private Output out;

  @SuppressWarnings("unchecked")
  public MapOperator(MapFunction<?, ?> function) {
    this.function = (MapFunction<Object, Object>) function;
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
    out.collect(function.map(record));
  }
}
