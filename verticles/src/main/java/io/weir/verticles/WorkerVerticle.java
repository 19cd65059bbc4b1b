package io.weir.verticles;

import io.vertx.core.Closeable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.spi.cluster.NodeListener;
import io.weir.cluster.Addresses;
import io.weir.cluster.protocol.CancelTask;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.Heartbeat;
import io.weir.cluster.protocol.RegisterWorker;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskDeployed;
import io.weir.cluster.protocol.WorkerRegistered;
import io.weir.cluster.worker.LeaderLink;
import io.weir.cluster.worker.LeaderWatch;
import io.weir.config.WeirConfig;
import io.weir.node.ClusterEvents;
import io.weir.node.ClusterTls;
import io.weir.node.LeaderPublications;
import io.weir.node.WeirRuntime;
import io.weir.runtime.network.Codecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: deploys and undeploys task verticles when the leader tells it to. Its bond with the
 * leader (registration, heartbeats, the presence connection, stopping every task when the leader
 * is lost and registering again as a new incarnation) is the engine's {@link LeaderWatch}; this
 * verticle wires it to the event bus, a TCP client, the cluster's member events and the election's
 * publications (so that a dead or replaced leader is noticed at once, not after the heartbeat timeout).
 */
public final class WorkerVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(WorkerVerticle.class);
  /** A registration that takes longer is sent again (a coordinator answers the same incarnation alike). */
  private static final long REGISTER_TIMEOUT_MS = 1000;

  /**
   * {@code onStranded} (may be null) is called once when the worker lost the coordinator and cannot
   * register again for a while: its process was probably paused, evicted from the cluster, and is
   * now alone in a cluster of its own; whoever started the worker then makes it join afresh.
   */
  public record Options(String name, int slots, WeirConfig config, Runnable onStranded) {
    public Options(String name, int slots, WeirConfig config) {
      this(name, slots, config, null);
    }
  }

  private final Options options;
  private final Path localDir;
  private final TaskInbox inbox;
  private MessageConsumer<Record> consumer;
  private WorkerExecutor io;
  private LeaderWatch watch;
  // kept for the worker's lifetime: an unreferenced client may be closed by Vert.x with its sockets
  private NetClient presenceClient;
  private ClusterEvents events;
  private NodeListener members;
  private LeaderPublications publications;
  private final Map<TaskAttempt, String> deployments = new HashMap<>();
  private final Map<TaskAttempt, TaskVerticle> verticles = new HashMap<>();
  private final Set<TaskAttempt> cancelWhenDeployed = new HashSet<>();
  private final Map<TaskAttempt, Future<String>> starting = new HashMap<>();
  private boolean closing;
  /**
   * Vert.x runs its close hooks before it undeploys the verticles: this one lets the task
   * deployments under way finish, then undeploys the tasks. Vert.x itself would fail a deployment
   * whose start has not run yet, and then throw "Promise already completed" when the start ran.
   */
  private final Closeable drainOnClose = completion -> context.runOnContext(v -> drain().onComplete(ar -> completion.succeed()));

  public WorkerVerticle(Options options) {
    this.options = options;
    this.localDir = Path.of(options.config().state().localDir()).resolve(options.name());
    this.inbox = new TaskInbox(options.name());
  }

  public String name() {
    return options.name();
  }

  /** The task attempts this worker runs now. */
  public List<TaskAttempt> tasks() {
    return new ArrayList<>(deployments.keySet());
  }

  public TaskVerticle taskVerticle(TaskAttempt attempt) {
    return verticles.get(attempt);
  }

  /** The cluster this worker belongs to is shutting down as a whole: see {@link LeaderWatch#quiesce}. */
  public Future<Void> quiesce() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      if (watch != null) {
        watch.quiesce();
      }
      done.complete();
    });
    return done.future();
  }

  @Override
  public Future<?> start() {
    WeirRuntime.install(vertx);
    try {
      watch = new LeaderWatch(new LeaderWatch.Identity(options.name(), ClusterEvents.nodeId(vertx), options.slots()),
          new ContextCoordinatorContext(vertx, context), new Link());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    io = vertx.createSharedWorkerExecutor("weir-io-" + options.name(), 4);
    ((VertxInternal) vertx).closeFuture().add(drainOnClose);
    presenceClient = vertx.createNetClient(ClusterTls.presenceClient(vertx));
    return vertx.executeBlocking(() -> {
      cleanLocalDir();
      WorkerWarmup.run(options.name(), options.config().state(), localDir.resolve("warm-up"));
      return null;
    }).compose(v -> listen())
        .compose(v -> new DeploymentRehearsal(vertx, context, options.name(), inbox, io, options.config(),
            localDir.resolve("rehearsal")).run())
        .compose(v -> watchTheElection()).onSuccess(v -> watch.start());
  }

  /** Hands the watch the members that leave and the leaders the election publishes, on this context. */
  private Future<Void> watchTheElection() {
    events = ClusterEvents.of(vertx);
    if (events != null) {
      members = new NodeListener() {
        @Override
        public void nodeAdded(String nodeId) {
        }

        @Override
        public void nodeLeft(String nodeId) {
          context.runOnContext(v -> watch.memberLeft(nodeId));
        }
      };
      events.addListener(members);
    }
    return vertx.executeBlocking(() -> LeaderPublications.listen(vertx,
            record -> context.runOnContext(v -> watch.leaderElected(record.leader(), record.epoch()))))
        .onSuccess(p -> publications = p).mapEmpty();
  }

  /** Registers the worker's two addresses in the cluster: its own (the leader's commands) and its tasks' inbox. */
  private Future<Void> listen() {
    consumer = vertx.eventBus().consumer(Addresses.worker(options.name()), this::onMessage);
    return Future.all(consumer.completion(), inbox.listen(vertx)).mapEmpty();
  }

  private void cleanLocalDir() throws IOException {
    if (Files.exists(localDir)) {
      try (var paths = Files.walk(localDir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    Files.createDirectories(localDir);
  }

  /** How the watch reaches the leader and acts on this worker. */
  private final class Link implements LeaderLink {
    @Override
    public Future<WorkerRegistered> register(RegisterWorker request) {
      return vertx.eventBus().<WorkerRegistered>request(Addresses.COORDINATOR, request, Codecs.message(REGISTER_TIMEOUT_MS))
          .map(Message::body);
    }

    @Override
    public Future<PresenceSocket> connectPresence(String host, int port) {
      return presenceClient.connect(port, host).map(WorkerVerticle::presenceSocket);
    }

    @Override
    public List<TaskAttempt> runningTasks() {
      return tasks();
    }

    @Override
    public Future<Void> stopTasks(String reason) {
      return cancelAll(reason);
    }

    @Override
    public Future<Void> renewAddress() {
      return Future.join(consumer.unregister(), inbox.close()).transform(unregistered -> listen());
    }

    @Override
    public boolean canRejoin() {
      return options.onStranded() != null;
    }

    @Override
    public void rejoin() {
      options.onStranded().run();
    }
  }

  private static LeaderLink.PresenceSocket presenceSocket(NetSocket socket) {
    return new LeaderLink.PresenceSocket() {
      @Override
      public void write(Buffer bytes) {
        socket.write(bytes);
      }

      @Override
      public void close() {
        socket.close();
      }

      @Override
      public void closeHandler(Runnable onClose) {
        socket.closeHandler(v -> onClose.run());
      }
    };
  }

  private void onMessage(Message<Record> message) {
    Record body = message.body();
    if (body instanceof Heartbeat hb) {
      watch.onHeartbeat(hb).ifPresent(reply -> message.reply(reply, Codecs.MESSAGE));
    } else if (body instanceof DeployTask d) {
      deploy(d, message);
    } else if (body instanceof CancelTask c) {
      cancel(c.attempt(), c.reason()).onComplete(ar -> message.reply(null, Codecs.MESSAGE));
    }
  }

  private void deploy(DeployTask d, Message<Record> message) {
    Optional<String> refused = watch.refusal("deploy", d.epoch());
    if (refused.isPresent()) {
      message.fail(409, refused.get());
      return;
    }
    TaskAttempt a = d.attempt();
    if (closing) {
      message.fail(503, "worker " + options.name() + " is shutting down");
      return;
    }
    log.debug("worker {} deploys task {}", options.name(), a);
    Path dir = localDir.resolve(a.job().value()).resolve(a.task().vertex() + "-" + a.task().subtask() + "-a" + a.attempt());
    TaskVerticle verticle = new TaskVerticle(d, dir, new TaskVerticle.Wiring(inbox, io));
    deployments.put(a, "");
    verticles.put(a, verticle);
    // Tasks run on the default worker pool. Not on a named pool: Vert.x closes a named pool when its
    // last verticle is undeployed, and event-bus connections opened from a task's context would then
    // stop delivering (their callbacks are rejected by the closed pool).
    DeploymentOptions deploymentOptions = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
    Future<String> deployed = vertx.deployVerticle(verticle, deploymentOptions);
    starting.put(a, deployed);
    deployed.onComplete(ar -> {
      starting.remove(a);
      if (ar.failed()) {
        deployments.remove(a);
        verticles.remove(a);
        message.fail(500, String.valueOf(ar.cause().getMessage()));
        return;
      }
      deployments.put(a, ar.result());
      message.reply(new TaskDeployed(a, options.name(), verticle.deployedAt()), Codecs.MESSAGE);
      if (cancelWhenDeployed.remove(a)) {
        cancel(a, "cancelled while deploying");
      }
    });
  }

  private Future<Void> cancel(TaskAttempt a, String reason) {
    String id = deployments.get(a);
    if (id == null) {
      return Future.succeededFuture();
    }
    if (id.isEmpty()) {
      cancelWhenDeployed.add(a);
      return Future.succeededFuture();
    }
    deployments.remove(a);
    verticles.remove(a);
    log.debug("worker {} undeploys task {} ({})", options.name(), a, reason);
    return vertx.undeploy(id).otherwiseEmpty();
  }

  private Future<Void> cancelAll(String reason) {
    List<Future<Void>> all = new ArrayList<>();
    for (TaskAttempt a : new ArrayList<>(deployments.keySet())) {
      all.add(cancel(a, reason));
    }
    return Future.join(all).mapEmpty();
  }

  /** Refuses new deployments, waits for those under way, then undeploys every task. */
  private Future<Void> drain() {
    closing = true;
    return Future.join(new ArrayList<>(starting.values())).transform(ar -> cancelAll("the worker is shutting down"));
  }

  @Override
  public Future<?> stop() {
    ((VertxInternal) vertx).closeFuture().remove(drainOnClose);
    watch.stop();
    if (events != null) {
      events.removeListener(members);
    }
    if (publications != null) {
      LeaderPublications p = publications;
      vertx.executeBlocking(() -> {
        p.close();
        return null;
      });
    }
    presenceClient.close();
    return cancelAll("the worker is stopping").onComplete(ar -> {
      inbox.close();
      io.close();
    });
  }
}
