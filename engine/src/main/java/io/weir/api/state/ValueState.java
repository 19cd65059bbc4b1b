package io.weir.api.state;

/** One value per key. Values must not be changed after update(): update with a new value instead. */
public interface ValueState<T> extends State {
  /** The current key's value, or the descriptor's default when it has none. */
  T value();

  void update(T value);
}
