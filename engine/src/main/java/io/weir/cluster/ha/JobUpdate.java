package io.weir.cluster.ha;

import io.vertx.core.json.JsonObject;
import io.weir.cluster.JobStatus;

/**
 * One write to a job's stored record, under the writer's epoch. {@link #apply} is the whole rule,
 * applied atomically where the record lives (an entry processor in a cluster): a record written
 * under a higher epoch refuses it, and the checkpoint pointer only moves forward.
 */
public sealed interface JobUpdate {

  /** Creates the record, or replaces it. */
  record Create(StoredJob job) implements JobUpdate {
    @Override
    public StoredJob change(StoredJob current) {
      return job;
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("create", job.toJson());
    }
  }

  record Status(JobStatus status) implements JobUpdate {
    @Override
    public StoredJob change(StoredJob current) {
      return current.withStatus(status);
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("status", status.name());
    }
  }

  /** A checkpoint completed; one not newer than the stored pointer leaves it as it is. */
  record Checkpoint(CheckpointPointer pointer) implements JobUpdate {
    @Override
    public StoredJob change(StoredJob current) {
      CheckpointPointer stored = current.latestCheckpoint();
      return stored != null && pointer.checkpointId() <= stored.checkpointId() ? current
          : current.withLatestCheckpoint(pointer);
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("checkpoint", pointer.toJson());
    }
  }

  /** A new leader raises the record to its epoch, so that older leaders can no longer write it. */
  record TakeOver() implements JobUpdate {
    @Override
    public StoredJob change(StoredJob current) {
      return current;
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("take-over", true);
    }
  }

  /** Deletes the record (a job that ended and is no longer kept). */
  record Forget() implements JobUpdate {
    @Override
    public StoredJob change(StoredJob current) {
      return null;
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("forget", true);
    }
  }

  /** What a write did: the record afterwards (null: none), or the epoch that refused it, or that there was no record. */
  record Result(StoredJob job, long refusedBy, boolean missing) {
    public boolean applied() {
      return refusedBy == 0 && !missing;
    }

    public String encode() {
      JsonObject o = new JsonObject().put("refused-by", refusedBy).put("missing", missing);
      return (job == null ? o : o.put("job", job.toJson())).encode();
    }

    public static Result decode(String json) {
      JsonObject o = new JsonObject(json);
      JsonObject job = o.getJsonObject("job");
      return new Result(job == null ? null : StoredJob.fromJson(job), o.getLong("refused-by"), o.getBoolean("missing"));
    }
  }

  /** The record after this write, without the epoch rule; {@code current} is not null except for {@link Create}. */
  StoredJob change(StoredJob current);

  JsonObject toJson();

  /** Applies this write under {@code epoch} to {@code current} (null: no record). */
  default Result apply(StoredJob current, long epoch) {
    if (current != null && !EpochFence.admits(current.epoch(), epoch)) {
      return new Result(current, current.epoch(), false);
    }
    if (current == null && !(this instanceof Create)) {
      return new Result(null, 0, true);
    }
    StoredJob next = change(current);
    long raised = current == null ? epoch : Math.max(epoch, current.epoch());
    return new Result(next == null ? null : next.withEpoch(raised), 0, false);
  }

  default String encode() {
    return toJson().encode();
  }

  static JobUpdate decode(String json) {
    JsonObject o = new JsonObject(json);
    if (o.containsKey("create")) {
      return new Create(StoredJob.fromJson(o.getJsonObject("create")));
    } else if (o.containsKey("status")) {
      return new Status(JobStatus.valueOf(o.getString("status")));
    } else if (o.containsKey("checkpoint")) {
      return new Checkpoint(CheckpointPointer.fromJson(o.getJsonObject("checkpoint")));
    } else if (o.containsKey("take-over")) {
      return new TakeOver();
    } else if (o.containsKey("forget")) {
      return new Forget();
    }
    throw new IllegalArgumentException("not a job store write: " + json);
  }
}
