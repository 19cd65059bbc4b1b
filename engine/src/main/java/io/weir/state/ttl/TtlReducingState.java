package io.weir.state.ttl;

import io.weir.api.state.ReducingStateDescriptor;
import io.weir.api.state.ValueState;
import io.weir.state.AbstractReducingState;

/**
 * A reducing state whose value expires, kept as a {@link TtlValueState}'s: an expired value is
 * never folded into (an add after expiry starts again from the added value), whatever the visibility.
 */
public final class TtlReducingState<T> extends AbstractReducingState<T> {
  private final TtlValueState<T> value;

  public TtlReducingState(ValueState<TtlValue<T>> raw, TtlPolicy policy, ReducingStateDescriptor<T> descriptor) {
    super(descriptor);
    this.value = new TtlValueState<>(raw, policy, null);
  }

  @Override
  public T get() {
    return value.value();
  }

  @Override
  protected T current() {
    return value.read(false);
  }

  @Override
  protected void store(T v) {
    value.update(v);
  }

  @Override
  public void clear() {
    value.clear();
  }
}
