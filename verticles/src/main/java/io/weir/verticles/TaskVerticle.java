package io.weir.verticles;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.weir.cluster.Addresses;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.TaskReport;
import io.weir.runtime.network.DataBatch;
import io.weir.runtime.task.StreamTask;
import io.weir.util.FileTrees;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One task attempt, deployed as a worker verticle so it has its own ordered context on which it may
 * block (RocksDB, files). It adds the task's data and control addresses to the worker's
 * {@link TaskInbox} (in this JVM only: nothing to wait for), then opens the task (building its chain
 * and restoring its state) on that context.
 */
final class TaskVerticle extends VerticleBase {
  /**
   * What a task is wired to on its worker: the worker's inbox and upload pool, and where its reports
   * go (null: to the coordinator; a {@link DeploymentRehearsal} takes them itself, and keeps every
   * message in this JVM).
   */
  record Wiring(TaskInbox inbox, WorkerExecutor io, Consumer<TaskReport> reports) {
    Wiring(TaskInbox inbox, WorkerExecutor io) {
      this(inbox, io, null);
    }
  }

  private final DeployTask deployment;
  private final Path localDir;
  private final Wiring wiring;
  private StreamTask task;
  private volatile long deployedAt;

  TaskVerticle(DeployTask deployment, Path localDir, Wiring wiring) {
    this.deployment = deployment;
    this.localDir = localDir;
    this.wiring = wiring;
  }

  StreamTask task() {
    return task;
  }

  /** When the task's addresses were added to the inbox, just before it opens (builds its chain, restores its state). */
  long deployedAt() {
    return deployedAt;
  }

  @Override
  public Future<?> start() {
    boolean rehearsal = wiring.reports() != null;
    TaskInbox inbox = wiring.inbox();
    task = new StreamTask(deployment, new EventBusTaskEnvironment(vertx, context, wiring.io(), inbox,
        new TaskRoutes(deployment, rehearsal), wiring.reports()), localDir);
    inbox.add(Addresses.taskData(deployment.attempt()), context, body -> {
      DataBatch batch = (DataBatch) body;
      if (batch.kind() != DataBatch.Kind.HANDSHAKE) {
        task.onData(batch); // a handshake only needs its answer: the task is here
      }
    });
    inbox.add(Addresses.taskControl(deployment.attempt()), context, body -> task.onControl((Record) body));
    deployedAt = System.currentTimeMillis();
    context.runOnContext(x -> open());
    return Future.succeededFuture();
  }

  private void open() {
    try {
      task.open();
    } catch (Throwable e) {
      task.fail(e, "deployment");
    }
  }

  @Override
  public Future<?> stop() {
    TaskInbox inbox = wiring.inbox();
    inbox.remove(Addresses.taskData(deployment.attempt()));
    inbox.remove(Addresses.taskControl(deployment.attempt()));
    task.dispose();
    FileTrees.deleteQuietly(localDir);
    return Future.succeededFuture();
  }
}
