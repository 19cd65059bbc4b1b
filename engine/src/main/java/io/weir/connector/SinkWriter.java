package io.weir.connector;

import io.vertx.core.Future;
import java.util.List;

/**
 * Writes one subtask's records. Checkpoints drive it: when a barrier passes, {@link #snapshot}
 * pre-commits what was written since the last one and returns what must be kept in the checkpoint
 * (such as the pre-committed transactions); when the checkpoint completes, {@link #checkpointComplete}
 * commits them. After a restart, {@link #restore} receives every subtask's kept state from the
 * restored checkpoint and commits or discards as the writer's protocol says. All calls are on the
 * task's own (worker) thread, so they may block on files.
 */
public interface SinkWriter<T> extends AutoCloseable {

  void write(T record) throws Exception;

  /** The last record has been written (a bounded job); a final checkpoint follows. */
  default void endOfInput() throws Exception {
  }

  /** Pre-commits and returns this subtask's state for checkpoint {@code checkpointId}. */
  default List<Object> snapshot(long checkpointId) throws Exception {
    return List.of();
  }

  /** Completes once everything written before the last snapshot is durable (asynchronous writers). */
  default Future<Void> flushed() {
    return Future.succeededFuture();
  }

  default void checkpointComplete(long checkpointId) throws Exception {
  }

  default void checkpointAborted(long checkpointId) throws Exception {
  }

  /**
   * Called once before the first write when the job starts from a checkpoint: {@code states} holds
   * the state every subtask of this sink kept in it (a writer picks its share).
   */
  default void restore(List<Object> states) throws Exception {
  }

  @Override
  void close() throws Exception;
}
