package io.weir.cluster;

import io.vertx.core.Future;
import io.weir.cluster.protocol.CancelTask;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskDeployed;

/** How the leader reaches workers and tasks: the event bus in a cluster, fakes in unit tests. */
public interface ClusterGateway {
  Future<TaskDeployed> deploy(Worker worker, DeployTask deploy);

  Future<Void> cancel(Worker worker, CancelTask cancel);

  void sendToTask(TaskAttempt attempt, Record message);
}
