package io.weir.state;

/**
 * Keyed state that can be written for a current key the caller knows to hold nothing yet (a
 * window's first record, known from the window's timers), so that the write asks storage nothing:
 * RocksDB's cache then knows the key is absent, and neither reads it to join what is added to a
 * list nor writes a delete when it is cleared before it reached the database.
 */
public interface EmptyKeyWrites<T> {
  /** Value state: sets the value. List state: adds the first element. The current key holds nothing. */
  void writeToEmpty(T value);
}
