package io.weir.api.state;

import io.weir.api.function.ReduceFunction;
import java.util.Objects;

/** Describes a {@link ReducingState} and the function that folds values into it. */
public final class ReducingStateDescriptor<T> extends StateDescriptor {
  private final ReduceFunction<T> reducer;

  public ReducingStateDescriptor(String name, ReduceFunction<T> reducer) {
    super(name);
    this.reducer = Objects.requireNonNull(reducer, "reducer");
  }

  public ReduceFunction<T> reducer() {
    return reducer;
  }

  @Override
  public Kind kind() {
    return Kind.REDUCING;
  }
}
