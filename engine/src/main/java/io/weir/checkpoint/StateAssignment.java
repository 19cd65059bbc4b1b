package io.weir.checkpoint;

import io.weir.cluster.protocol.TaskRestore;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.graph.TaskVertex;
import io.weir.runtime.graph.Vertex;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyGroups;
import io.weir.state.KeyedStateHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands a checkpoint's state to the subtasks of a (possibly rescaled) job: each subtask of a keyed
 * operator gets the handles whose key groups overlap its own range, and every operator gets the
 * union of its old subtasks' operator state (the operator picks its share).
 */
public final class StateAssignment {
  private StateAssignment() {
  }

  /** The restore of {@code task} from {@code checkpoint}: from a savepoint when it is one, else from a checkpoint. */
  public static TaskRestore.FromSnapshot forTask(CheckpointMetadata checkpoint, JobGraph graph, TaskId task) {
    TaskVertex tv = graph.task(task.vertex());
    List<KeyedStateHandle> keyed = new ArrayList<>();
    Vertex head = tv.head();
    if (head.keyed()) {
      KeyGroupRange range = KeyGroups.rangeOf(task.subtask(), tv.parallelism(), graph.maxParallelism());
      for (KeyedStateHandle h : checkpoint.keyed().getOrDefault(head.name(), List.of())) {
        if (h.keyGroupRange().intersects(range)) {
          keyed.add(h);
        }
      }
    }
    Map<String, List<byte[]>> operators = new LinkedHashMap<>();
    for (Vertex v : tv.chain()) {
      List<byte[]> states = checkpoint.operators().get(v.name());
      if (states != null) {
        operators.put(v.name(), states);
      }
    }
    return checkpoint.savepoint()
        ? new TaskRestore.FromSavepoint(checkpoint.checkpointId(), checkpoint.storageUri(), keyed, operators)
        : new TaskRestore.FromCheckpoint(checkpoint.checkpointId(), checkpoint.storageUri(), keyed, operators);
  }
}
