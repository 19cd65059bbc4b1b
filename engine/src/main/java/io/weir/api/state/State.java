package io.weir.api.state;

/** Keyed state: every call reads or writes the value of the current key. */
public interface State {
  void clear();
}
