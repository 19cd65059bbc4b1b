package io.weir.verticles;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.weir.cluster.Addresses;
import io.weir.cluster.ClusterGateway;
import io.weir.cluster.Worker;
import io.weir.cluster.protocol.CancelTask;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskDeployed;
import io.weir.runtime.network.Codecs;

/** The leader's way to workers and tasks: requests and messages on the clustered event bus. */
final class EventBusGateway implements ClusterGateway {
  private static final long DEPLOY_TIMEOUT_MS = 30_000;
  private static final long CANCEL_TIMEOUT_MS = 5_000;

  private static final long REQUEST_DEADLINE_MS = 15_000;

  private final io.vertx.core.Vertx vertx;
  private final EventBus eventBus;

  EventBusGateway(io.vertx.core.Vertx vertx) {
    this.vertx = vertx;
    this.eventBus = vertx.eventBus();
  }

  @Override
  public Future<TaskDeployed> deploy(Worker worker, DeployTask deploy) {
    return eventBus.<TaskDeployed>request(Addresses.worker(worker.name()), deploy, Codecs.message(DEPLOY_TIMEOUT_MS))
        .map(m -> m.body());
  }

  @Override
  public Future<Void> cancel(Worker worker, CancelTask cancel) {
    return eventBus.request(Addresses.worker(worker.name()), cancel, Codecs.message(CANCEL_TIMEOUT_MS)).mapEmpty();
  }

  @Override
  public void sendToTask(TaskAttempt attempt, Record message) {
    eventBus.send(Addresses.taskControl(attempt), message, Codecs.MESSAGE);
  }

  @Override
  public Future<Void> requestTask(TaskAttempt attempt, Record message) {
    return Retry.request(vertx, Addresses.taskControl(attempt), message, Codecs.MESSAGE, REQUEST_DEADLINE_MS)
        .mapEmpty();
  }
}
