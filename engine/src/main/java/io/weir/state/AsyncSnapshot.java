package io.weir.state;

/** The asynchronous part of a snapshot: writes what the synchronous part captured, off the task's thread. */
@FunctionalInterface
public interface AsyncSnapshot {
  /** Writes the state; null when there was nothing to write. */
  KeyedStateHandle write() throws Exception;

  /** Releases what the snapshot holds when it will not be written (the checkpoint was aborted). */
  default void release() {
  }
}
