package io.weir.verticles;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
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
import io.weir.node.ClusterTls;
import io.weir.runtime.network.Codecs;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What only the leader does on the event bus and the network: it alone consumes the coordinator's
 * address (worker registration and task reports: with a consumer on every coordinator the event bus
 * would hand them round-robin to standbys too), sends heartbeats, serves the presence connections
 * and turns members that leave into lost workers. Started when this coordinator wins the lead,
 * stopped the moment it loses it. Runs on the coordinator's context.
 */
final class LeaderDuties {
  private static final Logger log = LoggerFactory.getLogger(LeaderDuties.class);

  private final Vertx vertx;
  private final Context context;
  private final JobManager jobs;
  private final WeirConfig config;
  private final String host;
  private final BooleanSupplier mayAct;
  private MessageConsumer<Record> consumer;
  private NetServer presence;
  private long heartbeatTimer = -1;
  private long heartbeatSequence;
  private NodeListener nodeListener;
  private ClusterEvents events;
  private boolean stopped = true;

  LeaderDuties(Vertx vertx, Context context, JobManager jobs, WeirConfig config, String host, BooleanSupplier mayAct) {
    this.vertx = vertx;
    this.context = context;
    this.jobs = jobs;
    this.config = config;
    this.host = host;
    this.mayAct = mayAct;
  }

  /** Starts the leader's work: the presence server first, so that registrations can name its port. */
  Future<Void> start() {
    stopped = false;
    return vertx.createNetServer(ClusterTls.presenceServer(vertx))
        .connectHandler(this::presenceConnection)
        .listen(0, host)
        .compose(server -> {
          presence = server;
          if (stopped) {
            return server.close();
          }
          consumer = vertx.eventBus().consumer(Addresses.COORDINATOR, this::onMessage);
          long interval = config.heartbeat().interval().toMillis();
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
                context.runOnContext(v -> {
                  if (!stopped) {
                    jobs.workers().nodeLeft(nodeId, at);
                  }
                });
              }
            };
            events.addListener(nodeListener);
          }
          return consumer.completion();
        });
  }

  /** Stops at once: no more registrations, reports, heartbeats or presence connections. */
  Future<Void> stop() {
    stopped = true;
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
    if (events != null && nodeListener != null) {
      events.removeListener(nodeListener);
      nodeListener = null;
    }
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    consumer = null;
    Future<Void> closed = presence == null ? Future.succeededFuture() : presence.close();
    presence = null;
    return Future.join(unregistered, closed).mapEmpty();
  }

  /**
   * A worker's presence connection: its first line is the {@link PresenceHello} that names the worker
   * and its incarnation; when the connection closes, the worker's process is gone (a killed
   * process's sockets close at once).
   */
  private void presenceConnection(NetSocket socket) {
    PresenceHello[] hello = new PresenceHello[1];
    socket.handler(PresenceHello.reader(h -> hello[0] = h, problem -> {
      log.warn("coordinator closes a presence connection from {}: {}", socket.remoteAddress(), problem);
      socket.close();
    }));
    socket.closeHandler(v -> {
      if (hello[0] != null && !stopped) { // closing the server on stop closes every connection: not a loss
        jobs.workers().connectionLost(hello[0].worker(), hello[0].incarnation(), System.currentTimeMillis());
      }
    });
  }

  private void onMessage(Message<Record> message) {
    Record body = message.body();
    if (stopped) {
      return;
    }
    if (body instanceof RegisterWorker && !mayAct.getAsBoolean()) {
      message.fail(503, "this coordinator does not lead now"); // the worker tries again
      return;
    }
    // task reports are always taken in while the duties run: what the job masters send back is fenced
    if (body instanceof RegisterWorker r) {
      jobs.workers().register(r.name(), r.incarnation(), r.nodeId(), r.slots(), System.currentTimeMillis());
      var hb = config.heartbeat();
      message.reply(new WorkerRegistered(jobs.epoch(), ClusterEvents.nodeId(vertx), hb.interval().toMillis(),
          hb.timeout().toMillis(), host, presence.actualPort()), Codecs.MESSAGE);
    } else if (!jobs.onTaskMessage(body)) {
      log.debug("coordinator ignored a {}", body.getClass().getSimpleName());
    }
  }

  private void heartbeats(long interval) {
    if (stopped) {
      return;
    }
    long seq = ++heartbeatSequence;
    for (Worker w : jobs.workers().workers()) {
      jobs.workers().heartbeatSent(w);
      vertx.eventBus().<HeartbeatReply>request(Addresses.worker(w.name()), new Heartbeat(jobs.epoch(), seq, w.incarnation()),
              Codecs.message(Math.max(100, interval * 2)))
          .onSuccess(reply -> {
            if (!stopped) {
              jobs.onHeartbeatReply(reply.body());
            }
          });
    }
    jobs.workers().checkHeartbeats(System.currentTimeMillis());
  }
}
