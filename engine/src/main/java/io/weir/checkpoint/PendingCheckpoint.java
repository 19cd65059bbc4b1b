package io.weir.checkpoint;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.weir.checkpoint.CheckpointCoordinator.Kind;
import io.weir.checkpoint.storage.StorageUri;
import io.weir.cluster.protocol.AcknowledgeCheckpoint;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.network.CheckpointBarrier;
import io.weir.state.KeyedStateHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A checkpoint under way: the attempts it waits for, the acknowledgements so far, its figures and
 * the promise its trigger returned. Once every attempt acknowledged, it becomes the metadata.
 */
final class PendingCheckpoint {
  final CheckpointId id;
  final Kind kind;
  final CheckpointBarrier barrier;
  /** The savepoint's own storage; null for a checkpoint. */
  final StorageUri savepoint;
  final Map<TaskId, TaskAttempt> expected;
  final Map<TaskId, AcknowledgeCheckpoint> acks = new HashMap<>();
  final CheckpointStats stats;
  final Promise<CheckpointMetadata> promise = Promise.promise();
  long timeout = -1;
  /**
   * The job store's answer once every task acknowledged and the metadata is written, or null before:
   * a checkpoint being recorded is not aborted by a restart, which waits for it instead, since a next
   * leader may already restore from it.
   */
  Future<Void> recording;

  PendingCheckpoint(CheckpointId id, Kind kind, CheckpointBarrier barrier, StorageUri savepoint, Map<TaskId, TaskAttempt> expected,
                    CheckpointStats stats) {
    this.id = id;
    this.kind = kind;
    this.barrier = barrier;
    this.savepoint = savepoint;
    this.expected = expected;
    this.stats = stats;
  }

  boolean isSavepoint() {
    return kind == Kind.SAVEPOINT;
  }

  boolean fullyAcknowledged() {
    return acks.size() == expected.size();
  }

  List<TaskStateSnapshot> acknowledgedState() {
    return acks.values().stream().map(AcknowledgeCheckpoint::state).toList();
  }

  /** What the acknowledgements add up to, stored in {@code storageUri}: keyed handles by head operator, operator state by subtask. */
  CheckpointMetadata metadata(JobId job, JobGraph graph, String storageUri) {
    Map<String, List<KeyedStateHandle>> keyed = new LinkedHashMap<>();
    Map<String, TreeMap<Integer, byte[]>> operators = new LinkedHashMap<>();
    long size = 0;
    long uploaded = 0;
    for (AcknowledgeCheckpoint ack : acks.values()) {
      TaskId t = ack.attempt().task();
      TaskStateSnapshot s = ack.state();
      if (s.keyed() != null) {
        keyed.computeIfAbsent(graph.task(t.vertex()).head().name(), k -> new ArrayList<>()).add(s.keyed());
      }
      for (Map.Entry<String, byte[]> e : s.operatorState().entrySet()) {
        operators.computeIfAbsent(e.getKey(), k -> new TreeMap<>()).put(t.subtask(), e.getValue());
      }
      size += s.stateSize();
      uploaded += s.uploadedSize();
    }
    Map<String, List<byte[]>> operatorLists = new LinkedHashMap<>();
    operators.forEach((name, bySubtask) -> operatorLists.put(name, new ArrayList<>(bySubtask.values())));
    return new CheckpointMetadata(job.value(), id.value(), barrier.timestamp(), isSavepoint(), storageUri, keyed, operatorLists,
        size, uploaded);
  }
}
