package io.weir.runtime.task;

import io.vertx.core.Future;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.TaskStateSnapshot;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.CheckpointStorages;
import io.weir.checkpoint.storage.StorageUri;
import io.weir.cluster.protocol.AcknowledgeCheckpoint;
import io.weir.cluster.protocol.DeclineCheckpoint;
import io.weir.runtime.network.CheckpointBarrier;
import io.weir.runtime.network.RecordWriter;
import io.weir.serde.Serde;
import io.weir.state.AsyncSnapshot;
import io.weir.state.KeyedStateHandle;
import io.weir.state.SnapshotTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's part of a checkpoint: the synchronous snapshot (source positions, operator state, the
 * keyed state's copy-on-write mark), the barrier sent on, then the asynchronous upload, and the
 * acknowledgement with the state handles; after the end of the task's input, no keyed state. Also
 * relays completion and abortion to the operators.
 */
final class TaskCheckpointer {
  private static final Logger log = LoggerFactory.getLogger(TaskCheckpointer.class);

  private final StreamTask task;
  private final TaskEnvironment env;
  private final String storageUri;
  private CheckpointStorage storage;
  private boolean inputEnded;

  TaskCheckpointer(StreamTask task, TaskEnvironment env, String storageUri) {
    this.task = task;
    this.env = env;
    this.storageUri = storageUri;
  }

  /** The job's checkpoint storage, or the savepoint's own that the barrier names. */
  private CheckpointStorage storage(CheckpointBarrier barrier) {
    if (barrier.storageUri() != null) {
      return CheckpointStorages.open(StorageUri.parse(barrier.storageUri()), env.vertx());
    }
    if (storage == null) {
      storage = CheckpointStorages.open(StorageUri.parse(storageUri), env.vertx());
    }
    return storage;
  }

  void snapshot(CheckpointBarrier barrier, long alignmentNanos) throws Exception {
    CheckpointId id = barrier.id();
    long start = env.nanoTime();
    Map<String, byte[]> operatorState = new LinkedHashMap<>();
    if (task.source() != null) {
      operatorState.put(task.headVertex().name(), Serde.toBytes(new ArrayList<Object>(task.source().snapshot(id))));
    }
    OperatorChain chain = task.chain();
    // A task whose whole input has ended keeps state no record will reach again: every event-time
    // timer fired at the final watermark, and a restore of this checkpoint finds its inputs ended too.
    // So a checkpoint after the end (the final one of a bounded job) holds none of it, as Flink's
    // hold no state of finished tasks, and its timers are not written to it; a savepoint keeps it all.
    boolean withKeyedState = chain.keyedState() != null && !(inputEnded && !barrier.savepoint());
    chain.snapshotOperators(id, operatorState, withKeyedState);
    SnapshotTarget target = SnapshotTarget.of(storage(barrier), task.attempt().job(), task.attempt().task(),
        task.attempt().attempt(), id, barrier.savepoint());
    AsyncSnapshot keyed = withKeyedState ? chain.keyedState().snapshot(target) : null;
    for (RecordWriter w : chain.writers()) {
      w.broadcastBarrier(barrier);
    }
    long syncMillis = (env.nanoTime() - start) / 1_000_000;
    Future<Void> flushed = chain.flushed();
    long asyncStart = env.nanoTime();
    Future<KeyedStateHandle> upload = keyed == null ? Future.succeededFuture() : env.executeBlocking(keyed::write);
    Future.all(upload, flushed).onComplete(ar -> {
      if (task.state() != TaskState.RUNNING) {
        if (keyed != null) {
          keyed.release();
        }
        return;
      }
      if (ar.succeeded()) {
        long asyncMillis = (env.nanoTime() - asyncStart) / 1_000_000;
        env.report(new AcknowledgeCheckpoint(task.attempt(), id, new TaskStateSnapshot(upload.result(), operatorState),
            syncMillis, asyncMillis, alignmentNanos / 1_000_000));
      } else {
        decline(id, "its state could not be written: " + ar.cause());
      }
    });
  }

  /**
   * The task's whole input has ended (every input channel, or the source's reader): later
   * checkpoints keep no keyed state. False when it had ended already.
   */
  boolean endInput() {
    if (inputEnded) {
      return false;
    }
    inputEnded = true;
    return true;
  }

  void complete(CheckpointId checkpointId) throws Exception {
    if (task.source() != null) {
      task.source().checkpointComplete(checkpointId);
    }
    task.chain().checkpointComplete(checkpointId);
  }

  void aborted(CheckpointId checkpointId) {
    task.chain().checkpointAborted(checkpointId, task.name());
  }

  void decline(CheckpointId checkpointId, String reason) {
    log.warn("task {} of job {} declines checkpoint {}: {}", task.name(), task.attempt().job(), checkpointId, reason);
    env.report(new DeclineCheckpoint(task.attempt(), checkpointId, reason));
  }

  void close() {
    storage = null;
  }
}
