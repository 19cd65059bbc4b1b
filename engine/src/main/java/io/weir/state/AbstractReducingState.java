package io.weir.state;

import io.weir.api.state.ReducingState;
import io.weir.api.state.ReducingStateDescriptor;

/**
 * The reduce of a reducing state, for every backend: {@link #add} reads the current key's value,
 * folds the new value into it with the descriptor's reduce function (the first value is kept as it
 * is) and stores the result. A backend says how the current key's value is read, stored and cleared.
 */
public abstract class AbstractReducingState<T> implements ReducingState<T> {
  private final ReducingStateDescriptor<T> descriptor;

  protected AbstractReducingState(ReducingStateDescriptor<T> descriptor) {
    this.descriptor = descriptor;
  }

  /** The value an add folds into: {@link #get()} unless a backend says otherwise (TTL state never folds into an expired value). */
  protected T current() {
    return get();
  }

  /** Makes {@code value} (never null) the current key's value. */
  protected abstract void store(T value);

  @Override
  public final void add(T value) {
    T current = current();
    T next;
    try {
      next = current == null ? value : descriptor.reducer().reduce(current, value);
    } catch (Exception e) {
      throw new StateAccessException("the reduce function of state '" + descriptor.name() + "' failed: " + e, e);
    }
    store(next);
  }
}
