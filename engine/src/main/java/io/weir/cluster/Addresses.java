package io.weir.cluster;

import io.weir.cluster.protocol.TaskAttempt;
import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;

/**
 * Every event-bus address Weir uses, built in one place. Task addresses include the execution
 * attempt: a zombie task of an older attempt never shares an address with the restarted one. Task
 * addresses are not registered in the cluster: messages to them go to their worker's
 * {@link #taskInbox}, which hands them to the task.
 */
public final class Addresses {
  /** Where the leader coordinator listens (only the leader registers it). */
  public static final String COORDINATOR = "weir.coordinator";

  private Addresses() {
  }

  public static String worker(String workerName) {
    return "weir.worker." + workerName;
  }

  /**
   * The one address of all the data and control messages to the tasks on a worker; the task
   * address ({@link #taskData}, {@link #taskControl}) a message is for travels in a header.
   */
  public static String taskInbox(String workerName) {
    return "weir.worker." + workerName + ".tasks";
  }

  /** Data batches into a task attempt. */
  public static String taskData(JobId job, int attempt, TaskId task) {
    return "weir.task." + job + "." + attempt + "." + task.vertex() + "." + task.subtask() + ".data";
  }

  /** Control messages into a task attempt: credits and the leader's commands. */
  public static String taskControl(JobId job, int attempt, TaskId task) {
    return "weir.task." + job + "." + attempt + "." + task.vertex() + "." + task.subtask() + ".ctl";
  }

  public static String taskControl(TaskAttempt a) {
    return taskControl(a.job(), a.attempt(), a.task());
  }

  public static String taskData(TaskAttempt a) {
    return taskData(a.job(), a.attempt(), a.task());
  }

  /** Where the collect sink sends records for a test or an embedding application to read. */
  public static String collect(String name) {
    return "weir.collect." + name;
  }
}
