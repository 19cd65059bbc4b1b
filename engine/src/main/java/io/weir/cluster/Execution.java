package io.weir.cluster;

import io.weir.cluster.protocol.TaskAttempt;
import io.weir.runtime.task.TaskState;

/** The leader's record of one task attempt: where it runs and how far it got. */
public final class Execution {
  private final TaskAttempt attempt;
  private final Slot slot;
  private TaskState state = TaskState.CREATED;
  private long deployedAt;
  private long runningAt;
  private long firstRecordAt;
  private long recordsIn;
  private long recordsOut;
  private boolean backpressured;
  private boolean inputEnded;
  private boolean finished;

  Execution(TaskAttempt attempt, Slot slot) {
    this.attempt = attempt;
    this.slot = slot;
  }

  public TaskAttempt attempt() {
    return attempt;
  }

  public Slot slot() {
    return slot;
  }

  public TaskState state() {
    return state;
  }

  void moveTo(TaskState target) {
    if (state != target) {
      state = state.moveTo(target);
    }
  }

  boolean tryMoveTo(TaskState target) {
    if (state == target) {
      return true;
    }
    if (state.canMoveTo(target)) {
      state = target;
      return true;
    }
    return false;
  }

  public long deployedAt() {
    return deployedAt;
  }

  void deployedAt(long at) {
    deployedAt = at;
  }

  public long runningAt() {
    return runningAt;
  }

  void runningAt(long at) {
    runningAt = at;
  }

  public long firstRecordAt() {
    return firstRecordAt;
  }

  void firstRecordAt(long at) {
    firstRecordAt = at;
  }

  public long recordsIn() {
    return recordsIn;
  }

  public long recordsOut() {
    return recordsOut;
  }

  public boolean backpressured() {
    return backpressured;
  }

  private String diagnostics = "";

  public String diagnostics() {
    return diagnostics;
  }

  void progress(long in, long out, boolean backpressured, String diagnostics) {
    this.diagnostics = diagnostics;
    this.recordsIn = in;
    this.recordsOut = out;
    this.backpressured = backpressured;
  }

  public boolean inputEnded() {
    return inputEnded;
  }

  void inputEnded(boolean ended) {
    inputEnded = ended;
  }

  public boolean finished() {
    return finished;
  }

  void finished(boolean f) {
    finished = f;
  }
}
