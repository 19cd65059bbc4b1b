package io.weir.state.ttl;

import io.weir.api.state.ValueState;

/**
 * A value state whose value expires: the backend's state holds it as a {@link TtlValue}. An expired
 * value is cleared when a read finds it (and returned that once if the visibility allows).
 */
public final class TtlValueState<T> implements ValueState<T> {
  private final ValueState<TtlValue<T>> raw;
  private final TtlPolicy policy;
  private final T defaultValue;

  public TtlValueState(ValueState<TtlValue<T>> raw, TtlPolicy policy, T defaultValue) {
    this.raw = raw;
    this.policy = policy;
    this.defaultValue = defaultValue;
  }

  @Override
  public T value() {
    T v = read(policy.returnExpired);
    policy.accessed();
    return v == null ? defaultValue : v;
  }

  /** The value, or null when there is none or it expired ({@code seeExpired}: returned once, still cleared). */
  T read(boolean seeExpired) {
    TtlValue<T> stored = raw.value();
    if (stored == null) {
      return null;
    }
    long now = policy.now();
    if (policy.expired(stored, now)) {
      raw.clear();
      return seeExpired ? stored.value() : null;
    }
    if (policy.updateOnRead) {
      raw.update(new TtlValue<>(stored.value(), now));
    }
    return stored.value();
  }

  @Override
  public void update(T value) {
    if (value == null) {
      raw.clear();
    } else {
      raw.update(new TtlValue<>(value, policy.now()));
    }
    policy.accessed();
  }

  @Override
  public void clear() {
    raw.clear();
    policy.accessed();
  }
}
