package io.weir.state.ttl;

import io.weir.api.state.ListState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A list state whose elements expire one by one: the backend's list holds {@link TtlValue}s. A read
 * writes the list back without its expired elements (and, updating on read, with every element's
 * access time renewed); an add appends without reading.
 */
public final class TtlListState<T> implements ListState<T> {
  private final ListState<TtlValue<T>> raw;
  private final TtlPolicy policy;

  public TtlListState(ListState<TtlValue<T>> raw, TtlPolicy policy) {
    this.raw = raw;
    this.policy = policy;
  }

  @Override
  public List<T> get() {
    List<TtlValue<T>> stored = raw.get();
    if (stored.isEmpty()) {
      policy.accessed();
      return List.of();
    }
    long now = policy.now();
    List<T> visible = new ArrayList<>(stored.size());
    List<TtlValue<T>> kept = new ArrayList<>(stored.size());
    boolean expired = false;
    for (TtlValue<T> e : stored) {
      if (policy.expired(e, now)) {
        expired = true;
        if (policy.returnExpired) {
          visible.add(e.value());
        }
      } else {
        visible.add(e.value());
        kept.add(policy.updateOnRead ? new TtlValue<>(e.value(), now) : e);
      }
    }
    if (expired || policy.updateOnRead) {
      raw.update(kept);
    }
    policy.accessed();
    return Collections.unmodifiableList(visible);
  }

  @Override
  public void add(T value) {
    raw.add(new TtlValue<>(value, policy.now()));
    policy.accessed();
  }

  @Override
  public void update(List<T> values) {
    if (values == null || values.isEmpty()) {
      raw.clear();
    } else {
      long now = policy.now();
      List<TtlValue<T>> wrapped = new ArrayList<>(values.size());
      for (T v : values) {
        wrapped.add(new TtlValue<>(v, now));
      }
      raw.update(wrapped);
    }
    policy.accessed();
  }

  @Override
  public void clear() {
    raw.clear();
    policy.accessed();
  }
}
