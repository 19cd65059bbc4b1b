package io.weir.testing;

import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.TaskStateSnapshot;
import io.weir.cluster.protocol.AcknowledgeCheckpoint;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.JobGraph;
import io.weir.state.KeyedStateHandle;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Acknowledgements as tasks send them, for the coordinator's tests: {@link #of} builds one piece by
 * piece, {@link #withTailState} the usual one (the task's last operator keeps {@link #operatorState}).
 */
public final class CheckpointAcks {
  private CheckpointAcks() {
  }

  /** The operator state a test task keeps at a checkpoint: it names both, so no two are alike. */
  public static byte[] operatorState(TaskId task, long checkpointId) {
    return ("state of " + task + " at " + checkpointId).getBytes(StandardCharsets.UTF_8);
  }

  /** What {@code a} acknowledges for {@code checkpointId}: no keyed state, its last operator's {@link #operatorState}. */
  public static AcknowledgeCheckpoint withTailState(JobGraph graph, TaskAttempt a, long checkpointId) {
    return of(a, checkpointId).tailState(graph).build();
  }

  public static Builder of(TaskAttempt a, long checkpointId) {
    return new Builder(a, checkpointId);
  }

  /** An acknowledgement piece by piece; without pieces it carries no state and zero figures. */
  public static final class Builder {
    private final TaskAttempt attempt;
    private final long checkpointId;
    private final Map<String, byte[]> operators = new HashMap<>();
    private KeyedStateHandle keyed;
    private long syncMillis;
    private long asyncMillis;
    private long alignmentMillis;

    private Builder(TaskAttempt attempt, long checkpointId) {
      this.attempt = attempt;
      this.checkpointId = checkpointId;
    }

    public Builder keyed(KeyedStateHandle handle) {
      keyed = handle;
      return this;
    }

    public Builder operatorState(String operator, byte[] state) {
      operators.put(operator, state);
      return this;
    }

    /** The task's last operator keeps {@link CheckpointAcks#operatorState} of this task and checkpoint. */
    public Builder tailState(JobGraph graph) {
      return operatorState(graph.task(attempt.task().vertex()).tail().name(), CheckpointAcks.operatorState(attempt.task(),
          checkpointId));
    }

    public Builder figures(long sync, long async, long alignment) {
      syncMillis = sync;
      asyncMillis = async;
      alignmentMillis = alignment;
      return this;
    }

    public AcknowledgeCheckpoint build() {
      return new AcknowledgeCheckpoint(attempt, new CheckpointId(checkpointId), new TaskStateSnapshot(keyed, Map.copyOf(operators)),
          syncMillis, asyncMillis, alignmentMillis);
    }
  }
}
