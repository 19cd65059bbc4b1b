package io.weir.verticles;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.weir.cluster.Addresses;
import io.weir.cluster.protocol.DeployTask;
import io.weir.runtime.network.DataBatch;
import io.weir.runtime.task.StreamTask;
import io.weir.util.FileTrees;
import java.nio.file.Path;

/**
 * One task attempt, deployed as a worker verticle so it has its own ordered context on which it may
 * block (RocksDB, files). It adds the task's data and control addresses to the worker's
 * {@link TaskInbox} (in this JVM only: nothing to wait for), then opens the task (building its chain
 * and restoring its state) on that context.
 */
final class TaskVerticle extends VerticleBase {
  private final DeployTask deployment;
  private final Path localDir;
  private final WorkerExecutor io;
  private final TaskInbox inbox;
  private StreamTask task;
  private volatile long deployedAt;

  TaskVerticle(DeployTask deployment, Path localDir, WorkerExecutor io, TaskInbox inbox) {
    this.deployment = deployment;
    this.localDir = localDir;
    this.io = io;
    this.inbox = inbox;
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
    task = new StreamTask(deployment, new EventBusTaskEnvironment(vertx, context, io, new TaskRoutes(deployment)), localDir);
    inbox.add(Addresses.taskData(deployment.attempt()), context, m -> {
      DataBatch batch = (DataBatch) m.body();
      if (batch.kind() == DataBatch.Kind.HANDSHAKE) {
        m.reply(null);
      } else {
        task.onData(batch);
      }
    });
    inbox.add(Addresses.taskControl(deployment.attempt()), context, m -> {
      task.onControl((Record) m.body());
      if (m.replyAddress() != null) {
        m.reply(null);
      }
    });
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
    inbox.remove(Addresses.taskData(deployment.attempt()));
    inbox.remove(Addresses.taskControl(deployment.attempt()));
    task.dispose();
    FileTrees.deleteQuietly(localDir);
    return Future.succeededFuture();
  }
}
