package io.weir.api.state;

/** One value per key that every add() folds into with the descriptor's reduce function. */
public interface ReducingState<T> extends State {
  T get();

  void add(T value);
}
