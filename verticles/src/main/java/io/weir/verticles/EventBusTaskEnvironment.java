package io.weir.verticles;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.EventBus;
import io.weir.cluster.Addresses;
import io.weir.cluster.protocol.TaskReport;
import io.weir.runtime.network.ChannelTransport;
import io.weir.runtime.network.Codecs;
import io.weir.runtime.network.DataBatch;
import io.weir.runtime.task.TaskEnvironment;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A task's environment on the event bus: its own (worker) context, and a shared pool for uploads.
 * Data and control messages to a peer on the same worker go straight to its context through the
 * worker's inbox; the others through the event bus.
 */
final class EventBusTaskEnvironment implements TaskEnvironment {
  private static final long CONNECT_DEADLINE_MS = 30_000;

  private final Vertx vertx;
  private final Context context;
  private final WorkerExecutor io;
  private final EventBus eventBus;
  private final TaskInbox inbox;
  private final ChannelTransport transport;
  private final TaskRoutes routes;
  private final Consumer<TaskReport> reports;

  /** {@code reports} receives the task's reports; null sends them to the coordinator. */
  EventBusTaskEnvironment(Vertx vertx, Context context, WorkerExecutor io, TaskInbox inbox, TaskRoutes routes,
                          Consumer<TaskReport> reports) {
    this.vertx = vertx;
    this.context = context;
    this.io = io;
    this.eventBus = vertx.eventBus();
    this.inbox = inbox;
    this.routes = routes;
    this.reports = reports;
    this.transport = this::send;
  }

  private void send(String address, Object message) {
    TaskRoutes.Route to = routes.of(address);
    if (to.sameWorker()) {
      inbox.send(address, message);
    } else {
      eventBus.send(to.inbox(), message, to.options());
    }
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public ChannelTransport dataTransport() {
    return transport;
  }

  @Override
  public Future<Void> connect(String dataAddress, DataBatch handshake) {
    TaskRoutes.Route to = routes.of(dataAddress);
    return Retry.request(vertx, to.inbox(), handshake, to.options(), CONNECT_DEADLINE_MS).mapEmpty();
  }

  @Override
  public void sendControl(String address, Record message) {
    send(address, message);
  }

  @Override
  public void report(TaskReport report) {
    if (reports != null) {
      reports.accept(report);
      return;
    }
    eventBus.send(Addresses.COORDINATOR, report, Codecs.MESSAGE);
  }

  @Override
  public long setTimer(long delayMillis, Runnable action) {
    return vertx.setTimer(Math.max(1, delayMillis), id -> action.run());
  }

  @Override
  public long setPeriodic(long periodMillis, Runnable action) {
    return vertx.setPeriodic(Math.max(1, periodMillis), id -> action.run());
  }

  @Override
  public void cancelTimer(long id) {
    vertx.cancelTimer(id);
  }

  @Override
  public void runOnContext(Runnable action) {
    context.runOnContext(v -> action.run());
  }

  @Override
  public <T> Future<T> executeBlocking(Callable<T> work) {
    return io.executeBlocking(work, false);
  }

  @Override
  public long currentTimeMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }
}
