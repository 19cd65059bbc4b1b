package io.weir.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.weir.cluster.ClusterGateway;
import io.weir.cluster.Worker;
import io.weir.cluster.protocol.CancelTask;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskDeployed;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link ClusterGateway} for unit tests: records every deploy, cancel and message; answers deploys
 * and cancels at once (or holds them until the test answers), and fails deploys to chosen workers.
 */
public final class FakeGateway implements ClusterGateway {
  private final FakeCoordinatorContext ctx;

  /** Deploys are answered as done at {@code ctx}'s time. */
  public FakeGateway(FakeCoordinatorContext ctx) {
    this.ctx = ctx;
  }

  public record Deploy(String worker, DeployTask deploy, Promise<TaskDeployed> reply) {
    public TaskAttempt attempt() {
      return deploy.attempt();
    }
  }

  public record Cancel(String worker, CancelTask cancel, Promise<Void> reply) {
    public TaskAttempt attempt() {
      return cancel.attempt();
    }
  }

  public record Sent(TaskAttempt to, Record message) {
  }

  public final List<Deploy> deploys = new ArrayList<>();
  public final List<Cancel> cancels = new ArrayList<>();
  public final List<Sent> sent = new ArrayList<>();
  /** Whether deploys and cancels are answered as they are made; when false the test answers them. */
  public boolean answerDeploys = true;
  public boolean answerCancels = true;
  /** Deploys to these workers fail. */
  public final Set<String> refusingWorkers = new HashSet<>();

  @Override
  public Future<TaskDeployed> deploy(Worker worker, DeployTask deploy) {
    Deploy d = new Deploy(worker.name(), deploy, Promise.promise());
    deploys.add(d);
    if (refusingWorkers.contains(worker.name())) {
      d.reply.fail("worker " + worker.name() + " refused the deployment: no room for task verticles");
    } else if (answerDeploys) {
      answer(d);
    }
    return d.reply.future();
  }

  @Override
  public Future<Void> cancel(Worker worker, CancelTask cancel) {
    Cancel c = new Cancel(worker.name(), cancel, Promise.promise());
    cancels.add(c);
    if (answerCancels) {
      c.reply.complete();
    }
    return c.reply.future();
  }

  @Override
  public void sendToTask(TaskAttempt attempt, Record message) {
    sent.add(new Sent(attempt, message));
  }

  /** Requests are recorded as sent messages and answered at once, unless the task's worker refuses deploys. */
  @Override
  public Future<Void> requestTask(TaskAttempt attempt, Record message) {
    sent.add(new Sent(attempt, message));
    return Future.succeededFuture();
  }

  private void answer(Deploy d) {
    d.reply.tryComplete(new TaskDeployed(d.attempt(), d.worker(), ctx.now()));
  }

  /** Answers the deploys not answered yet, successfully. */
  public void answerPendingDeploys() {
    for (Deploy d : List.copyOf(deploys)) {
      answer(d);
    }
  }

  public void answerPendingCancels() {
    for (Cancel c : List.copyOf(cancels)) {
      c.reply.tryComplete();
    }
  }

  public <T> List<T> sent(Class<T> type) {
    return sent.stream().map(Sent::message).filter(type::isInstance).map(type::cast).toList();
  }

  public List<TaskAttempt> sentTo(Class<?> type) {
    return sent.stream().filter(s -> type.isInstance(s.message())).map(Sent::to).toList();
  }

  public List<TaskAttempt> cancelled() {
    return cancels.stream().map(Cancel::attempt).toList();
  }

  public List<TaskAttempt> deployed() {
    return deploys.stream().map(Deploy::attempt).toList();
  }

  /** Forgets what was recorded so far (answered or not). */
  public void clear() {
    deploys.clear();
    cancels.clear();
    sent.clear();
  }
}
