package io.weir.cluster;

import io.vertx.core.Future;
import io.weir.cluster.protocol.CancelTask;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskDeployed;
import java.util.Collection;

/** How the leader reaches workers and tasks: the event bus in a cluster, fakes in unit tests. */
public interface ClusterGateway {
  Future<TaskDeployed> deploy(Worker worker, DeployTask deploy);

  Future<Void> cancel(Worker worker, CancelTask cancel);

  /** Sends a message to a task; it may be lost (a stale address view): use it where a retry follows anyway. */
  void sendToTask(TaskAttempt attempt, Record message);

  /** Sends a message to a task and waits for its receipt, retrying until a deadline. */
  Future<Void> requestTask(TaskAttempt attempt, Record message);

  /**
   * These attempts ended with their job: nothing more goes to them, so whatever was kept to reach
   * them can go. Only these attempts: another job master of the same job (a later leader's, in the
   * same process) may run newer ones.
   */
  default void ended(Collection<TaskAttempt> attempts) {
  }
}
