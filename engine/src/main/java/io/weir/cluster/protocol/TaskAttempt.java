package io.weir.cluster.protocol;

import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;

/** One execution attempt of one subtask: what every task message is about. */
public record TaskAttempt(JobId job, TaskId task, int attempt) {
  @Override
  public String toString() {
    return job + "/" + task + "#" + attempt;
  }
}
