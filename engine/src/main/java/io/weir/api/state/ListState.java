package io.weir.api.state;

import java.util.List;

/** A list of values per key. */
public interface ListState<T> extends State {
  /** The current key's values; empty when it has none. */
  List<T> get();

  void add(T value);

  void update(List<T> values);
}
