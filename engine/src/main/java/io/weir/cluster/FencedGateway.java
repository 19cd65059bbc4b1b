package io.weir.cluster;

import io.vertx.core.Future;
import io.weir.cluster.protocol.CancelTask;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskDeployed;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last guard of a leader that may have lost the lead: every command to workers and tasks goes
 * through here and is sent only while {@code mayAct} says this coordinator leads within its lease.
 * So a leader that wakes from a pause sends nothing (no deploy, no checkpoint trigger, no commit)
 * before its election has checked again; the workers' epoch fence refuses what is already on its way.
 */
public final class FencedGateway implements ClusterGateway {
  private static final Logger log = LoggerFactory.getLogger(FencedGateway.class);

  private final ClusterGateway gateway;
  private final BooleanSupplier mayAct;

  public FencedGateway(ClusterGateway gateway, BooleanSupplier mayAct) {
    this.gateway = gateway;
    this.mayAct = mayAct;
  }

  @Override
  public Future<TaskDeployed> deploy(Worker worker, DeployTask deploy) {
    return mayAct.getAsBoolean() ? gateway.deploy(worker, deploy) : refused(deploy.attempt(), "deploy");
  }

  @Override
  public Future<Void> cancel(Worker worker, CancelTask cancel) {
    return mayAct.getAsBoolean() ? gateway.cancel(worker, cancel) : refused(cancel.attempt(), "cancel");
  }

  @Override
  public void sendToTask(TaskAttempt attempt, Record message) {
    if (mayAct.getAsBoolean()) {
      gateway.sendToTask(attempt, message);
    } else {
      refused(attempt, message.getClass().getSimpleName());
    }
  }

  @Override
  public Future<Void> requestTask(TaskAttempt attempt, Record message) {
    return mayAct.getAsBoolean() ? gateway.requestTask(attempt, message)
        : refused(attempt, message.getClass().getSimpleName());
  }

  @Override
  public void ended(Collection<TaskAttempt> attempts) {
    gateway.ended(attempts);
  }

  private static <T> Future<T> refused(TaskAttempt attempt, String what) {
    log.debug("not sending {} to {}: this coordinator does not lead now", what, attempt);
    return Future.failedFuture("this coordinator does not lead now, so it sent no " + what + " to " + attempt);
  }
}
