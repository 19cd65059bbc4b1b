package io.weir.cluster.ha;

import io.vertx.core.json.JsonObject;
import io.weir.cluster.JobStatus;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;

/**
 * What the job store keeps of one job, enough for a new leader to run it again: the spec, the
 * cluster settings it was submitted under, the savepoint it started from (null: none), its status,
 * its latest completed checkpoint (null: none yet) and the epoch of the last leader that wrote it.
 */
public record StoredJob(JobId id, JobSpec spec, JsonObject clusterSettings, String savepoint, JobStatus status,
                        CheckpointPointer latestCheckpoint, long epoch) {

  public StoredJob {
    clusterSettings = clusterSettings == null ? new JsonObject() : clusterSettings.copy();
  }

  /** A job just submitted: CREATED, no checkpoint yet. */
  public static StoredJob submitted(JobId id, JobSpec spec, JsonObject clusterSettings, String savepoint) {
    return new StoredJob(id, spec, clusterSettings, savepoint, JobStatus.CREATED, null, 0);
  }

  public StoredJob withStatus(JobStatus next) {
    return new StoredJob(id, spec, clusterSettings, savepoint, next, latestCheckpoint, epoch);
  }

  public StoredJob withLatestCheckpoint(CheckpointPointer pointer) {
    return new StoredJob(id, spec, clusterSettings, savepoint, status, pointer, epoch);
  }

  public StoredJob withEpoch(long next) {
    return new StoredJob(id, spec, clusterSettings, savepoint, status, latestCheckpoint, next);
  }

  public boolean ended() {
    return status.terminal();
  }

  public JsonObject toJson() {
    JsonObject o = new JsonObject().put("id", id.value()).put("spec", spec.toJson()).put("cluster-settings", clusterSettings)
        .put("status", status.name()).put("epoch", epoch);
    if (savepoint != null) {
      o.put("savepoint", savepoint);
    }
    if (latestCheckpoint != null) {
      o.put("latest-checkpoint", latestCheckpoint.toJson());
    }
    return o;
  }

  public static StoredJob fromJson(JsonObject o) {
    try {
      return new StoredJob(new JobId(o.getString("id")), JobSpec.fromJson(o.getJsonObject("spec")),
          o.getJsonObject("cluster-settings"), o.getString("savepoint"), JobStatus.valueOf(o.getString("status")),
          CheckpointPointer.fromJson(o.getJsonObject("latest-checkpoint")), o.getLong("epoch", 0L));
    } catch (RuntimeException e) {
      throw new IllegalStateException("a stored job is not readable (" + e.getMessage() + "): " + o.encode(), e);
    }
  }
}
