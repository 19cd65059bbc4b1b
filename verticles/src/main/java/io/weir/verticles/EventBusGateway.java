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
import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;
import io.weir.runtime.network.Codecs;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The leader's way to workers and tasks: requests and messages on the clustered event bus. A task
 * is reached through its worker's {@link TaskInbox}: the gateway remembers where it deployed each
 * task's current attempt.
 */
final class EventBusGateway implements ClusterGateway {
  private static final long DEPLOY_TIMEOUT_MS = 30_000;
  private static final long CANCEL_TIMEOUT_MS = 5_000;

  private static final long REQUEST_DEADLINE_MS = 15_000;

  private final io.vertx.core.Vertx vertx;
  private final EventBus eventBus;
  /** The worker of each task's latest deployed attempt (one entry per task of a running job, replaced by its next attempt). */
  private final Map<Placed, Deployed> placement = new HashMap<>();

  private record Placed(JobId job, TaskId task) {
    static Placed of(TaskAttempt a) {
      return new Placed(a.job(), a.task());
    }
  }

  private record Deployed(int attempt, String worker) {
  }

  EventBusGateway(io.vertx.core.Vertx vertx) {
    this.vertx = vertx;
    this.eventBus = vertx.eventBus();
  }

  @Override
  public Future<TaskDeployed> deploy(Worker worker, DeployTask deploy) {
    placement.put(Placed.of(deploy.attempt()), new Deployed(deploy.attempt().attempt(), worker.name()));
    return eventBus.<TaskDeployed>request(Addresses.worker(worker.name()), deploy, Codecs.message(DEPLOY_TIMEOUT_MS))
        .map(m -> m.body());
  }

  @Override
  public Future<Void> cancel(Worker worker, CancelTask cancel) {
    return eventBus.request(Addresses.worker(worker.name()), cancel, Codecs.message(CANCEL_TIMEOUT_MS)).mapEmpty();
  }

  @Override
  public void sendToTask(TaskAttempt attempt, Record message) {
    String worker = workerOf(attempt);
    if (worker != null) {
      eventBus.send(Addresses.taskInbox(worker), message, TaskRoutes.to(Codecs.MESSAGE, Addresses.taskControl(attempt)));
    }
  }

  @Override
  public Future<Void> requestTask(TaskAttempt attempt, Record message) {
    String worker = workerOf(attempt);
    if (worker == null) {
      return Future.failedFuture("task " + attempt + " is not deployed");
    }
    return Retry.request(vertx, Addresses.taskInbox(worker), message,
        TaskRoutes.to(Codecs.MESSAGE, Addresses.taskControl(attempt)), REQUEST_DEADLINE_MS).mapEmpty();
  }

  @Override
  public void ended(Collection<TaskAttempt> attempts) {
    for (TaskAttempt a : attempts) {
      placement.computeIfPresent(Placed.of(a), (task, deployed) -> deployed.attempt() == a.attempt() ? null : deployed);
    }
  }

  /** The worker {@code attempt} was deployed on, or null when it is not the task's latest deployed attempt. */
  private String workerOf(TaskAttempt attempt) {
    Deployed d = placement.get(Placed.of(attempt));
    return d != null && d.attempt() == attempt.attempt() ? d.worker() : null;
  }
}
