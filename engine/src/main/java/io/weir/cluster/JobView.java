package io.weir.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.CheckpointMetadata;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.TaskVertex;
import java.util.List;

/**
 * The job master's view for REST ({@code GET /jobs/:id}) and the CLI: the job's state with the
 * names users know ({@link JobStatus}), its settings, record counts and every task attempt.
 */
final class JobView {
  private JobView() {
  }

  static JsonObject of(JobMaster job) {
    JobLifecycle lifecycle = job.lifecycle();
    long now = job.now();
    JsonArray tasks = new JsonArray();
    for (Execution e : job.tasks().all()) {
      TaskId t = e.attempt().task();
      tasks.add(new JsonObject()
          .put("task", job.graph().task(t.vertex()).name())
          .put("subtask", t.subtask())
          .put("attempt", e.attempt().attempt())
          .put("state", e.state().name())
          .put("worker", e.slot().worker())
          .put("slot", e.slot().index())
          .put("recordsIn", e.recordsIn())
          .put("recordsOut", e.recordsOut())
          .put("firstRecordAt", e.firstRecordAt())
          .put("backpressured", e.backpressured())
          .put("channels", e.diagnostics()));
    }
    long endedAt = lifecycle.endedAt();
    long runningSince = lifecycle.runningSince();
    long finishedRecords = job.completion().finishedRecords();
    var config = job.config();
    JsonObject json = new JsonObject()
        .put("id", job.id().value())
        .put("job", job.spec().jobName())
        .put("args", new JsonArray(job.spec().args()))
        .put("state", job.status().name())
        .put("parallelism", job.graph().tasks().stream().mapToInt(TaskVertex::parallelism).max().orElse(0))
        .put("createdAt", lifecycle.createdAt())
        .put("durationMs", (endedAt > 0 ? endedAt : now) - (runningSince > 0 ? runningSince : lifecycle.createdAt()))
        .put("recordsRead", job.recordsRead())
        .put("recordsWritten", finishedRecords >= 0 ? finishedRecords : job.recordsWritten())
        .put("checkpointing", job.describeCheckpoints())
        .put("stateBackend", config.state().backend() + (config.state().incremental() ? " (incremental)" : ""))
        .put("restartStrategy", job.restartStrategy().describe())
        .put("failover", config.failover())
        .put("failures", job.recovery().failureCount())
        .put("tasks", tasks);
    if (job.waitingFor() != null) {
      json.put("waiting", job.waitingFor());
    }
    if (job.failureCause() != null) {
      json.put("failureCause", job.failureCause());
    }
    io.weir.checkpoint.RestoreNote note = job.checkpoints().restoreNote();
    if (note != null) {
      // the job's initial state stays -1 in the JSON, as before the id was a type
      json.put("restore", new JsonObject().put("outcome", note.outcome().label())
          .put("checkpoint", note.checkpointId().map(CheckpointId::value).orElse(-1L))
          .put("detail", note.detail()).put("at", note.at()));
    }
    List<CheckpointMetadata> retained = job.checkpoints().retained();
    if (!retained.isEmpty()) {
      json.put("latestCheckpoint", retained.get(retained.size() - 1).id());
    }
    return json;
  }
}
