package io.weir.verticles;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.spi.cluster.NodeListener;
import io.weir.cluster.Addresses;
import io.weir.cluster.JobManager;
import io.weir.cluster.Worker;
import io.weir.cluster.protocol.Heartbeat;
import io.weir.cluster.protocol.HeartbeatReply;
import io.weir.cluster.protocol.PresenceHello;
import io.weir.cluster.protocol.RegisterWorker;
import io.weir.cluster.protocol.WorkerRegistered;
import io.weir.config.WeirConfig;
import io.weir.node.ClusterEvents;
import io.weir.node.WeirRuntime;
import io.weir.rest.RestApi;
import io.weir.rest.RestSecurity;
import io.weir.runtime.network.Codecs;
import java.net.BindException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator: wires the {@link JobManager} to the event bus (worker registration, task reports),
 * sends heartbeats to the workers, turns cluster membership events into lost workers, and serves
 * the REST API and dashboard. The logic is in the engine; this class only connects it.
 */
public final class CoordinatorVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(CoordinatorVerticle.class);

  /** {@code restPort} 0 picks a free port; -1 serves no REST API. {@code rest} says how the REST API is protected. */
  public record Options(WeirConfig config, String restHost, int restPort, PrometheusMeterRegistry metrics, RestSecurity rest) {
    public Options(WeirConfig config, String restHost, int restPort, PrometheusMeterRegistry metrics) {
      this(config, restHost, restPort, metrics, RestSecurity.none());
    }
  }

  private final Options options;
  private JobManager jobs;
  private MessageConsumer<Record> consumer;
  private HttpServer http;
  private io.vertx.core.net.NetServer presence;
  private long heartbeatTimer = -1;
  private boolean stopping;
  private long heartbeatSequence;
  private NodeListener nodeListener;
  private ClusterEvents events;

  public CoordinatorVerticle(Options options) {
    this.options = options;
  }

  public JobManager jobs() {
    return jobs;
  }

  /** Runs {@code action} on the coordinator's context, where the job manager may be used. */
  public <T> Future<T> call(java.util.function.Function<JobManager, Future<T>> action) {
    io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
    context.runOnContext(v -> {
      try {
        action.apply(jobs).onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  /** The port the REST API listens on (after start). */
  public int restPort() {
    return http == null ? -1 : http.actualPort();
  }

  @Override
  public Future<?> start() {
    if (options.restPort() >= 0) {
      try {
        options.rest().checkBind(options.restHost());
      } catch (IllegalStateException e) {
        return Future.failedFuture(e);
      }
    }
    WeirRuntime.install(vertx);
    long epoch = System.currentTimeMillis();
    ContextCoordinatorContext ctx = new ContextCoordinatorContext(vertx, context);
    jobs = new JobManager(options.config(), ctx, new EventBusGateway(vertx), epoch);
    consumer = vertx.eventBus().consumer(Addresses.COORDINATOR, this::onMessage);
    long interval = options.config().heartbeat().interval().toMillis();
    heartbeatTimer = vertx.setPeriodic(interval, id -> heartbeats(interval));
    events = ClusterEvents.of(vertx);
    if (events != null) {
      nodeListener = new NodeListener() {
        @Override
        public void nodeAdded(String nodeId) {
        }

        @Override
        public void nodeLeft(String nodeId) {
          long at = System.currentTimeMillis();
          context.runOnContext(v -> jobs.workers().nodeLeft(nodeId, at));
        }
      };
      events.addListener(nodeListener);
    }
    Future<?> rest = Future.succeededFuture();
    if (options.restPort() >= 0) {
      rest = vertx.createHttpServer(options.rest().serverOptions())
          .requestHandler(RestApi.router(vertx, jobs, options.metrics(), options.rest()))
          .listen(options.restPort(), options.restHost())
          .recover(e -> Future.failedFuture(portProblem(e)))
          .onSuccess(server -> http = server);
    }
    Future<io.vertx.core.net.NetServer> presenceServer = vertx.createNetServer()
        .connectHandler(this::presenceConnection)
        .listen(0, options.restHost())
        .onSuccess(server -> presence = server);
    return Future.all(consumer.completion(), rest, presenceServer).onSuccess(v -> log.info("coordinator started{} (epoch {})",
        http == null ? "" : "; REST API on " + options.rest().scheme() + "://" + options.restHost() + ":" + http.actualPort(), epoch));
  }

  private Throwable portProblem(Throwable e) {
    Throwable t = e;
    while (t != null) {
      if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return new IllegalStateException("port " + options.restPort() + " on " + options.restHost()
            + " is in use (is another coordinator running?); choose another with --rest-port");
      }
      t = t.getCause();
    }
    return e;
  }

  /**
   * A worker's presence connection: its first line is the {@link PresenceHello} that names the worker
   * and its incarnation; when the connection closes, the worker's process is gone (a killed
   * process's sockets close at once).
   */
  private void presenceConnection(io.vertx.core.net.NetSocket socket) {
    PresenceHello[] hello = new PresenceHello[1];
    socket.handler(PresenceHello.reader(h -> hello[0] = h, problem -> {
      log.warn("coordinator closes a presence connection from {}: {}", socket.remoteAddress(), problem);
      socket.close();
    }));
    socket.closeHandler(v -> {
      if (hello[0] != null && !stopping) { // closing the server on stop closes every connection: not a loss
        jobs.workers().connectionLost(hello[0].worker(), hello[0].incarnation(), System.currentTimeMillis());
      }
    });
  }

  private void onMessage(Message<Record> message) {
    Record body = message.body();
    if (body instanceof RegisterWorker r) {
      jobs.workers().register(r.name(), r.incarnation(), r.nodeId(), r.slots(), System.currentTimeMillis());
      var hb = options.config().heartbeat();
      message.reply(new WorkerRegistered(jobs.epoch(), ClusterEvents.nodeId(vertx), hb.interval().toMillis(),
          hb.timeout().toMillis(), options.restHost(), presence.actualPort()), Codecs.MESSAGE);
    } else if (!jobs.onTaskMessage(body)) {
      log.debug("coordinator ignored a {}", body.getClass().getSimpleName());
    }
  }

  private void heartbeats(long interval) {
    long seq = ++heartbeatSequence;
    for (Worker w : jobs.workers().workers()) {
      jobs.workers().heartbeatSent(w);
      vertx.eventBus().<HeartbeatReply>request(Addresses.worker(w.name()), new Heartbeat(jobs.epoch(), seq, w.incarnation()),
              Codecs.message(Math.max(100, interval * 2)))
          .onSuccess(reply -> jobs.onHeartbeatReply(reply.body()));
    }
    jobs.workers().checkHeartbeats(System.currentTimeMillis());
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
    }
    if (events != null && nodeListener != null) {
      events.removeListener(nodeListener);
    }
    for (var job : jobs.jobs()) {
      job.checkpoints().stop();
    }
    Future<Void> closing = presence == null ? Future.succeededFuture() : presence.close();
    return http == null ? closing : Future.join(closing, http.close());
  }
}
