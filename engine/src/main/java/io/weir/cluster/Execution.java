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

  /** Moves this attempt to {@code target}; throws when the move is illegal (callers check first when it may be). */
  void moveTo(TaskState target) {
    state = state.moveTo(target);
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
}
