package io.weir.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weir.checkpoint.CheckpointId;
import java.util.List;
import java.util.Optional;

/**
 * One failure of a job and its recovery, with the timings users care about: when it failed, when
 * Weir noticed, when the affected tasks were cancelled, deployed again, restored, and when the
 * first record was processed after the restore.
 */
public final class FailureRecord {
  private final int number;
  private final String cause;
  private final String stackTrace;
  private final String position;
  private final List<String> failedTasks;
  private final long failedAt;
  private final long detectedAt;
  private long cancelledAt;
  private long deployedAt;
  private long restoredAt;
  private long firstRecordAt;
  private Optional<CheckpointId> restoredCheckpoint = Optional.empty();
  private int restartedTasks;
  private int restoredTasks;
  private String outcome = "restarting";

  public FailureRecord(int number, String cause, String stackTrace, String position, List<String> failedTasks,
                       long failedAt, long detectedAt) {
    this.number = number;
    this.cause = cause;
    this.stackTrace = stackTrace;
    this.position = position;
    this.failedTasks = List.copyOf(failedTasks);
    this.failedAt = failedAt;
    this.detectedAt = detectedAt;
  }

  public int number() {
    return number;
  }

  public String cause() {
    return cause;
  }

  public long failedAt() {
    return failedAt;
  }

  public long detectedAt() {
    return detectedAt;
  }

  public long cancelledAt() {
    return cancelledAt;
  }

  public long deployedAt() {
    return deployedAt;
  }

  public long restoredAt() {
    return restoredAt;
  }

  public long firstRecordAt() {
    return firstRecordAt;
  }

  public Optional<CheckpointId> restoredCheckpoint() {
    return restoredCheckpoint;
  }

  public String outcome() {
    return outcome;
  }

  void cancelled(long at) {
    if (cancelledAt == 0) {
      cancelledAt = at;
    }
  }

  void deployed(long at, Optional<CheckpointId> checkpoint, int tasks) {
    deployedAt = at;
    restoredCheckpoint = checkpoint;
    restartedTasks = tasks;
  }

  /** A restarted task has restored its state. */
  void restored(long at) {
    restoredAt = Math.max(restoredAt, at);
    restoredTasks++;
  }

  /** A sink processed a record after the restart. */
  void firstRecord(long at) {
    if (firstRecordAt == 0 && deployedAt > 0) {
      firstRecordAt = at;
    }
  }

  /**
   * Marks the failure recovered once every restarted task has restored its state and a sink has
   * processed a record (either may come first); true the one time that happens.
   */
  boolean completeIfRecovered() {
    if (!outcome.equals("restarting") || deployedAt == 0 || firstRecordAt == 0 || restoredTasks < restartedTasks) {
      return false;
    }
    outcome = "recovered";
    return true;
  }

  void outcome(String outcome) {
    this.outcome = outcome;
  }

  private static Object since(long base, long t) {
    return t <= 0 ? null : t - base;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("number", number)
        .put("cause", cause)
        .put("position", position)
        .put("tasks", new JsonArray(failedTasks))
        .put("outcome", outcome)
        .put("failedAt", failedAt)
        .put("detectedAt", detectedAt)
        .put("firstRecordAt", firstRecordAt > 0 ? firstRecordAt : null)
        .put("restoredCheckpoint", restoredCheckpoint.map(CheckpointId::value).orElse(null))
        .put("restartedTasks", restartedTasks)
        .put("timings", new JsonObject()
            .put("detectedMs", since(failedAt, detectedAt))
            .put("cancelledMs", since(failedAt, cancelledAt))
            .put("deployedMs", since(failedAt, deployedAt))
            .put("restoredMs", since(failedAt, restoredAt))
            .put("firstRecordMs", since(failedAt, firstRecordAt)))
        .put("stackTrace", stackTrace);
  }

  /** One line in the operator's words, such as "worker w-2 lost: ... detected +12ms, ... first record +1.4s". */
  public String summary() {
    StringBuilder s = new StringBuilder("failure ").append(number).append(": ").append(cause).append(" [").append(outcome);
    if (restoredCheckpoint.isPresent()) {
      s.append(", restored checkpoint ").append(restoredCheckpoint.get());
    }
    s.append("; detected +").append(detectedAt - failedAt).append("ms");
    if (cancelledAt > 0) {
      s.append(", cancelled +").append(cancelledAt - failedAt).append("ms");
    }
    if (deployedAt > 0) {
      s.append(", deployed +").append(deployedAt - failedAt).append("ms");
    }
    if (restoredAt > 0) {
      s.append(", restored +").append(restoredAt - failedAt).append("ms");
    }
    if (firstRecordAt > 0) {
      s.append(", first record +").append(firstRecordAt - failedAt).append("ms");
    }
    return s.append("]").toString();
  }
}
