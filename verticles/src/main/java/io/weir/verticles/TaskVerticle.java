package io.weir.verticles;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import io.weir.cluster.Addresses;
import io.weir.cluster.protocol.DeployTask;
import io.weir.runtime.network.DataBatch;
import io.weir.runtime.task.StreamTask;
import io.weir.util.FileTrees;
import java.nio.file.Path;

/**
 * One task attempt, deployed as a worker verticle so it has its own ordered context on which it may
 * block (RocksDB, files). It registers the task's data and control addresses, then opens the task
 * (building its chain and restoring its state) on that context.
 */
final class TaskVerticle extends VerticleBase {
  private final DeployTask deployment;
  private final Path localDir;
  private final WorkerExecutor io;
  private StreamTask task;
  private volatile long deployedAt;
  private MessageConsumer<DataBatch> data;
  private MessageConsumer<Record> control;

  TaskVerticle(DeployTask deployment, Path localDir, WorkerExecutor io) {
    this.deployment = deployment;
    this.localDir = localDir;
    this.io = io;
  }

  StreamTask task() {
    return task;
  }

  /** When the task's addresses were registered, just before it opens (builds its chain, restores its state). */
  long deployedAt() {
    return deployedAt;
  }

  @Override
  public Future<?> start() {
    task = new StreamTask(deployment, new EventBusTaskEnvironment(vertx, context, io), localDir);
    data = vertx.eventBus().consumer(Addresses.taskData(deployment.attempt()), m -> {
      if (m.body().kind() == DataBatch.Kind.HANDSHAKE) {
        m.reply(null);
      } else {
        task.onData(m.body());
      }
    });
    control = vertx.eventBus().consumer(Addresses.taskControl(deployment.attempt()), m -> {
      task.onControl(m.body());
      if (m.replyAddress() != null) {
        m.reply(null);
      }
    });
    return Future.all(data.completion(), control.completion()).onSuccess(v -> {
      deployedAt = System.currentTimeMillis();
      context.runOnContext(x -> open());
    });
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
    task.dispose();
    FileTrees.deleteQuietly(localDir);
    return Future.join(data.unregister(), control.unregister()).otherwiseEmpty();
  }
}
