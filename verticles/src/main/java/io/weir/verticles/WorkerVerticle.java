package io.weir.verticles;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.weir.cluster.Addresses;
import io.weir.cluster.protocol.CancelTask;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.Heartbeat;
import io.weir.cluster.protocol.HeartbeatReply;
import io.weir.cluster.protocol.RegisterWorker;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskDeployed;
import io.weir.cluster.protocol.WorkerRegistered;
import io.weir.config.Durations;
import io.weir.config.WeirConfig;
import io.weir.node.ClusterEvents;
import io.weir.node.WeirRuntime;
import io.weir.runtime.network.Codecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: offers its slots to the leader, answers its heartbeats, and deploys and undeploys task
 * verticles when told. It watches the leader in turn: when the leader's heartbeats stop for longer
 * than the timeout (the leader died, or this JVM was paused and declared dead), it stops all its
 * tasks rather than run on unsupervised, and registers again as a fresh incarnation.
 */
public final class WorkerVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(WorkerVerticle.class);
  private static final long REGISTER_RETRY_MS = 300;
  private static final long WATCHDOG_MS = 100;

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
  private MessageConsumer<Record> consumer;
  private WorkerExecutor io;
  private String incarnation;
  private boolean registered;
  private boolean waitingLogged;
  private long epoch = -1;
  private long leaderTimeoutMs;
  private long lastLeaderContact;
  private long watchdog = -1;
  private long retryTimer = -1;
  private boolean stopping;
  private long lostCoordinatorAt = -1;
  private boolean strandedReported;
  private io.vertx.core.net.NetSocket presence;
  // kept for the worker's lifetime: an unreferenced client may be closed by Vert.x with its sockets
  private io.vertx.core.net.NetClient presenceClient;
  private final Map<TaskAttempt, String> deployments = new HashMap<>();
  private final Map<TaskAttempt, TaskVerticle> verticles = new HashMap<>();
  private final Set<TaskAttempt> cancelWhenDeployed = new HashSet<>();

  public WorkerVerticle(Options options) {
    this.options = options;
    this.localDir = Path.of(options.config().state().localDir()).resolve(options.name());
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

  @Override
  public Future<?> start() {
    WeirRuntime.install(vertx);
    io = vertx.createSharedWorkerExecutor("weir-io-" + options.name(), 4);
    leaderTimeoutMs = options.config().heartbeat().timeout().toMillis();
    return vertx.executeBlocking(() -> {
      cleanLocalDir();
      return null;
    }).compose(v -> listen()).onSuccess(v -> {
      watchdog = vertx.setPeriodic(WATCHDOG_MS, id -> watchLeader());
      incarnation = newIncarnation();
      register();
    });
  }

  private Future<Void> listen() {
    consumer = vertx.eventBus().consumer(Addresses.worker(options.name()), this::onMessage);
    return consumer.completion();
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

  private void register() {
    if (stopping) {
      return;
    }
    vertx.eventBus().<WorkerRegistered>request(Addresses.COORDINATOR,
            new RegisterWorker(options.name(), incarnation, ClusterEvents.nodeId(vertx), options.slots()),
            Codecs.message(2000))
        .onSuccess(reply -> {
          WorkerRegistered r = reply.body();
          registered = true;
          waitingLogged = false;
          lostCoordinatorAt = -1;
          epoch = r.epoch();
          leaderTimeoutMs = r.heartbeatTimeoutMs();
          lastLeaderContact = System.currentTimeMillis();
          log.info("worker {} registered with the coordinator ({} slots)", options.name(), options.slots());
          openPresence(r.presenceHost(), r.presencePort());
        })
        .onFailure(e -> {
          if (!waitingLogged) {
            log.info("worker {} is waiting for a coordinator ({})", options.name(), e.getMessage());
            waitingLogged = true;
          }
          if (lostCoordinatorAt > 0 && options.onStranded() != null && !strandedReported
              && System.currentTimeMillis() - lostCoordinatorAt > 2 * leaderTimeoutMs) {
            strandedReported = true;
            log.warn("worker {} cannot reach a coordinator since it lost it {} ago; it leaves and joins the cluster afresh",
                options.name(), Durations.format(Duration.ofMillis(System.currentTimeMillis() - lostCoordinatorAt)));
            options.onStranded().run();
            return;
          }
          retryTimer = vertx.setTimer(REGISTER_RETRY_MS, id -> register());
        });
  }

  private static String newIncarnation() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** The connection whose loss tells the leader at once that this process is gone. */
  private void openPresence(String host, int port) {
    closePresence();
    String me = incarnation;
    if (presenceClient == null) {
      presenceClient = vertx.createNetClient();
    }
    presenceClient.connect(port, host).onSuccess(socket -> {
      if (!me.equals(incarnation) || stopping) {
        socket.close();
        return;
      }
      presence = socket;
      socket.write(options.name() + " " + me + "\n");
    }).onFailure(e -> log.warn("worker {} could not open its presence connection to the coordinator: {}",
        options.name(), e.getMessage()));
  }

  private void closePresence() {
    if (presence != null) {
      presence.close();
      presence = null;
    }
  }

  private void watchLeader() {
    if (!registered) {
      return;
    }
    long silent = System.currentTimeMillis() - lastLeaderContact;
    if (silent > leaderTimeoutMs) {
      registered = false;
      lostCoordinatorAt = System.currentTimeMillis();
      incarnation = newIncarnation();
      closePresence();
      log.warn("worker {} lost the coordinator (no heartbeat for {}); stopping its {} tasks and registering again",
          options.name(), Durations.format(Duration.ofMillis(silent)), deployments.size());
      cancelAll("the coordinator was lost").onComplete(ar -> {
        consumer.unregister().onComplete(x -> listen().onComplete(y -> register()));
      });
    }
  }

  private void onMessage(Message<Record> message) {
    Record body = message.body();
    if (body instanceof Heartbeat hb) {
      if (hb.epoch() < epoch || !registered || !hb.incarnation().equals(incarnation)) {
        return;
      }
      lastLeaderContact = System.currentTimeMillis();
      message.reply(new HeartbeatReply(options.name(), incarnation, hb.sequence(), tasks()), Codecs.MESSAGE);
    } else if (body instanceof DeployTask d) {
      deploy(d, message);
    } else if (body instanceof CancelTask c) {
      cancel(c.attempt(), c.reason()).onComplete(ar -> message.reply(null, Codecs.MESSAGE));
    }
  }

  private void deploy(DeployTask d, Message<Record> message) {
    if (d.epoch() < epoch) {
      message.fail(409, "deploy from a deposed coordinator (epoch " + d.epoch() + " < " + epoch + ")");
      return;
    }
    TaskAttempt a = d.attempt();
    Path dir = localDir.resolve(a.job().value()).resolve(a.task().vertex() + "-" + a.task().subtask() + "-a" + a.attempt());
    TaskVerticle verticle = new TaskVerticle(d, dir, io);
    deployments.put(a, "");
    verticles.put(a, verticle);
    // Tasks run on the default worker pool. Not on a named pool: Vert.x closes a named pool when its
    // last verticle is undeployed, and event-bus connections opened from a task's context would then
    // stop delivering (their callbacks are rejected by the closed pool).
    DeploymentOptions deploymentOptions = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
    vertx.deployVerticle(verticle, deploymentOptions).onComplete(ar -> {
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

  @Override
  public Future<?> stop() {
    stopping = true;
    if (watchdog >= 0) {
      vertx.cancelTimer(watchdog);
    }
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    closePresence();
    if (presenceClient != null) {
      presenceClient.close();
    }
    return cancelAll("the worker is stopping").onComplete(ar -> io.close());
  }
}
