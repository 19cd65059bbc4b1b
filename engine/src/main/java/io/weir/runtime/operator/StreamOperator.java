package io.weir.runtime.operator;

import io.vertx.core.Future;
import java.util.List;

/**
 * An operator as the runtime drives it: records in, records out through the chain's output, and
 * the checkpoint hooks. Operators are created by each task from the job's graph and used by that
 * task's thread only.
 */
public interface StreamOperator {

  default void open(OperatorContext context) throws Exception {
  }

  void process(Object record) throws Exception;

  /** Every input has ended (a bounded job); emit what is still held. */
  default void endInput() throws Exception {
  }

  /** A processing-time timer of {@code key} fired; the key is current in the keyed state. */
  default void onTimer(Object key, long timestamp) throws Exception {
  }

  /** An event-time timer of {@code key} fired (the watermark passed it); the key is current in the keyed state. */
  default void onEventTimer(Object key, long timestamp) throws Exception {
  }

  /**
   * The task's watermark advanced to {@code watermark}, after this operator's event-time timers up
   * to it fired; the chain sends it on after the last operator.
   */
  default void onWatermark(long watermark) throws Exception {
  }

  /** This operator's own (non-keyed) state for a checkpoint, or null when it has none. */
  default List<Object> snapshotState(long checkpointId) throws Exception {
    return null;
  }

  /** Completes when what the operator wrote before the snapshot is durable. */
  default Future<Void> flushed() {
    return Future.succeededFuture();
  }

  /** Receives the union of every subtask's state from the restored checkpoint. */
  default void restoreState(List<Object> union) throws Exception {
  }

  default void checkpointComplete(long checkpointId) throws Exception {
  }

  default void checkpointAborted(long checkpointId) throws Exception {
  }

  default void close() throws Exception {
  }
}
