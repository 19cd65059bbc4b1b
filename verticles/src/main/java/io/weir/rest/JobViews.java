package io.weir.rest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weir.checkpoint.CheckpointStats;
import io.weir.cluster.FailureRecord;
import io.weir.cluster.JobManager;
import io.weir.cluster.JobMaster;
import io.weir.cluster.Worker;
import io.weir.runtime.graph.Edge;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.graph.TaskVertex;
import io.weir.runtime.graph.Vertex;
import java.util.List;

/** The JSON views of a job and the cluster that the REST API answers with. */
final class JobViews {
  private JobViews() {
  }

  static JsonObject summary(JobMaster j) {
    JsonObject full = j.toJson();
    return new JsonObject().put("id", full.getString("id")).put("job", full.getString("job"))
        .put("state", full.getString("state")).put("durationMs", full.getLong("durationMs"))
        .put("recordsRead", full.getLong("recordsRead")).put("recordsWritten", full.getLong("recordsWritten"))
        .put("failures", full.getInteger("failures"));
  }

  /** The dataflow: task vertices (chains of operators) with parallelism and load, and the edges between them. */
  static JsonObject graph(JobMaster job, ThroughputHistory history) {
    JobGraph graph = job.graph();
    JsonArray vertices = new JsonArray();
    JsonArray edges = new JsonArray();
    for (TaskVertex tv : graph.tasks()) {
      ThroughputHistory.VertexLoad load = history.load(job.id(), tv.id());
      vertices.add(new JsonObject().put("id", tv.id()).put("name", tv.name()).put("parallelism", tv.parallelism())
          .put("operators", new JsonArray(tv.chain().stream().map(Vertex::name).toList()))
          .put("source", tv.isSource()).put("sink", tv.hasSink())
          .put("recordsPerSecond", ThroughputHistory.round(load.recordsPerSecond()))
          .put("backpressure", ThroughputHistory.round(load.backpressure())));
      for (Edge e : tv.outputs()) {
        edges.add(new JsonObject().put("from", tv.id()).put("to", graph.taskOfVertex(e.target()).id())
            .put("partitioning", e.partitioning().name()));
      }
    }
    return new JsonObject().put("vertices", vertices).put("edges", edges);
  }

  static JsonObject checkpoints(JobMaster job) {
    long now = System.currentTimeMillis();
    JsonArray list = new JsonArray();
    List<CheckpointStats> history = job.checkpoints().history();
    for (int i = history.size() - 1; i >= 0; i--) {
      CheckpointStats s = history.get(i);
      JsonArray tasks = new JsonArray();
      s.tasks().forEach((task, t) -> tasks.add(new JsonObject()
          .put("task", job.graph().task(task.vertex()).name())
          .put("subtask", task.subtask())
          .put("acknowledgedMs", t.acknowledgedAt() - s.triggeredAt())
          .put("syncMs", t.syncMillis())
          .put("asyncMs", t.asyncMillis())
          .put("alignmentMs", t.alignmentMillis())
          .put("stateSize", t.stateSize())
          .put("uploadedSize", t.uploadedSize())));
      JsonObject c = new JsonObject()
          .put("id", s.id().value())
          .put("status", s.status().name())
          .put("kind", s.savepoint() ? "savepoint" : s.isFinal() ? "final" : "checkpoint")
          .put("triggeredAt", s.triggeredAt())
          .put("durationMs", s.durationMillis(now))
          .put("stateSize", s.stateSize())
          .put("uploadedSize", s.uploadedSize())
          .put("maxAlignmentMs", s.maxAlignmentMillis())
          .put("acknowledged", s.tasks().size())
          .put("expected", s.expectedTasks())
          .put("tasks", tasks);
      if (s.failure() != null) {
        c.put("failure", s.failure());
      }
      if (s.location() != null) {
        c.put("location", s.location());
      }
      list.add(c);
    }
    return new JsonObject().put("checkpoints", list).put("retained",
        new JsonArray(job.checkpoints().retained().stream().map(m -> m.id()).toList()));
  }

  static JsonObject exceptions(JobMaster job) {
    JsonArray failures = new JsonArray();
    for (FailureRecord f : job.failures()) {
      failures.add(f.toJson());
    }
    JsonObject body = new JsonObject().put("failures", failures);
    if (job.failureCause() != null) {
      body.put("failureCause", job.failureCause());
    }
    return body;
  }

  static JsonObject cluster(JobManager jobs) {
    JsonArray workers = new JsonArray();
    for (Worker w : jobs.workers().workers()) {
      workers.add(new JsonObject().put("name", w.name()).put("slots", w.slots()).put("freeSlots", w.freeSlots())
          .put("lastHeartbeatMsAgo", System.currentTimeMillis() - w.lastSeen()));
    }
    return jobs.overview().put("workerList", workers);
  }
}
