package io.weir.runtime.task;

import java.util.EnumSet;
import java.util.Set;

/** A task attempt's lifecycle, with its legal transitions checked on every change. */
public enum TaskState {
  CREATED, DEPLOYING, RUNNING, FINISHED, CANCELING, CANCELED, FAILED;

  private Set<TaskState> next() {
    return switch (this) {
      case CREATED -> EnumSet.of(DEPLOYING, CANCELING, CANCELED, FAILED);
      case DEPLOYING -> EnumSet.of(RUNNING, CANCELING, CANCELED, FAILED);
      case RUNNING -> EnumSet.of(FINISHED, CANCELING, CANCELED, FAILED);
      case CANCELING -> EnumSet.of(CANCELED, FAILED);
      case FINISHED, CANCELED, FAILED -> EnumSet.noneOf(TaskState.class);
    };
  }

  public boolean terminal() {
    return this == FINISHED || this == CANCELED || this == FAILED;
  }

  /** The state after a move to {@code target}; throws when the move is illegal. */
  public TaskState moveTo(TaskState target) {
    if (!next().contains(target)) {
      throw new IllegalStateException("illegal task transition " + this + " -> " + target);
    }
    return target;
  }

  public boolean canMoveTo(TaskState target) {
    return next().contains(target);
  }
}
