package io.weir.checkpoint;

import io.weir.runtime.TaskId;
import java.util.Map;
import java.util.TreeMap;

/** The figures of one checkpoint, as the REST API and {@code status} show them. */
public final class CheckpointStats {
  /** ABORTED: given up without counting as a failure (the job restarted, or a newer checkpoint completed first). */
  public enum Status { IN_PROGRESS, COMPLETED, FAILED, ABORTED }

  /** One task's part: when it acknowledged, how long its synchronous and asynchronous parts and its alignment took, and its size. */
  public record TaskStats(long acknowledgedAt, long syncMillis, long asyncMillis, long alignmentMillis, long stateSize,
                          long uploadedSize) {
  }

  private final CheckpointId id;
  private final long triggeredAt;
  private final boolean savepoint;
  private final boolean isFinal;
  private final int expectedTasks;
  private final Map<TaskId, TaskStats> tasks = new TreeMap<>();
  private Status status = Status.IN_PROGRESS;
  private long completedAt;
  private String failure;
  private long stateSize;
  private long uploadedSize;
  private String location;

  public CheckpointStats(CheckpointId id, long triggeredAt, boolean savepoint, boolean isFinal, int expectedTasks) {
    this.id = id;
    this.triggeredAt = triggeredAt;
    this.savepoint = savepoint;
    this.isFinal = isFinal;
    this.expectedTasks = expectedTasks;
  }

  void acknowledged(TaskId task, TaskStats stats) {
    tasks.put(task, stats);
  }

  void completed(long at, long stateSize, long uploadedSize, String location) {
    this.status = Status.COMPLETED;
    this.completedAt = at;
    this.stateSize = stateSize;
    this.uploadedSize = uploadedSize;
    this.location = location;
  }

  void failed(long at, String reason, boolean counted) {
    this.status = counted ? Status.FAILED : Status.ABORTED;
    this.completedAt = at;
    this.failure = reason;
  }

  public CheckpointId id() {
    return id;
  }

  public long triggeredAt() {
    return triggeredAt;
  }

  public boolean savepoint() {
    return savepoint;
  }

  public boolean isFinal() {
    return isFinal;
  }

  public Status status() {
    return status;
  }

  public long durationMillis(long now) {
    return (status == Status.IN_PROGRESS ? now : completedAt) - triggeredAt;
  }

  public String failure() {
    return failure;
  }

  public long stateSize() {
    return stateSize;
  }

  public long uploadedSize() {
    return uploadedSize;
  }

  public String location() {
    return location;
  }

  public int expectedTasks() {
    return expectedTasks;
  }

  public Map<TaskId, TaskStats> tasks() {
    return tasks;
  }

  public long maxAlignmentMillis() {
    return tasks.values().stream().mapToLong(TaskStats::alignmentMillis).max().orElse(0);
  }
}
