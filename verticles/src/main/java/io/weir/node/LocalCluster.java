package io.weir.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.weir.cluster.ha.ElectionSettings;
import io.weir.config.WeirConfig;
import io.weir.verticles.CoordinatorVerticle;
import io.weir.verticles.WorkerVerticle;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole Weir cluster in one JVM: one or more coordinator nodes (one leads) and N worker nodes, each its own clustered
 * Vert.x instance with its own Hazelcast member, joined by TCP on loopback. Killing a worker
 * terminates its Hazelcast member without a graceful leave, as a crashed process would.
 */
public final class LocalCluster {
  private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);

  /**
   * {@code restPort} -1 serves no REST API, 0 a free port (the first coordinator's; the others' are
   * free ports). With several coordinators, one leads and the others stand by.
   */
  public record Options(String clusterName, int hzPort, int workers, int slots, WeirConfig config, int restPort,
                        int coordinators) {
    public Options(String clusterName, int hzPort, int workers, int slots, WeirConfig config, int restPort) {
      this(clusterName, hzPort, workers, slots, config, restPort, 1);
    }

    public Options {
      if (coordinators < 1) {
        throw new IllegalArgumentException("a local cluster has at least one coordinator, not " + coordinators);
      }
    }
  }

  private final Options options;
  private final List<WeirNode> coordinatorNodes = new ArrayList<>();
  private final List<CoordinatorVerticle> coordinators = new ArrayList<>();
  private final List<Boolean> coordinatorAlive = new ArrayList<>();
  private final List<WeirNode> workerNodes = new ArrayList<>();
  private final List<WorkerVerticle> workers = new ArrayList<>();
  private final List<Boolean> alive = new ArrayList<>();

  private LocalCluster(Options options) {
    this.options = options;
  }

  /** Starts the nodes one after another (members that start together could form separate clusters). */
  public static Future<LocalCluster> start(Options options) {
    LocalCluster cluster = new LocalCluster(options);
    io.vertx.core.Promise<LocalCluster> started = io.vertx.core.Promise.promise();
    Thread starter = new Thread(() -> {
      try {
        for (int i = 0; i < options.coordinators(); i++) {
          await(cluster.startCoordinator(i));
        }
        for (int i = 0; i < options.workers(); i++) {
          await(cluster.addWorker());
        }
        cluster.awaitRegistered(options.workers(), 30_000);
        started.complete(cluster);
      } catch (Throwable e) {
        cluster.close().onComplete(ar -> started.fail(e));
      }
    }, "weir-local-cluster-start");
    starter.setDaemon(true);
    starter.start();
    return started.future();
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  private Future<Void> startCoordinator(int index) {
    String name = "c-" + (index + 1);
    return WeirNode.start(WeirNode.Options.loopback(options.clusterName(), options.hzPort()), name).compose(node -> {
      int restPort = index == 0 || options.restPort() < 0 ? options.restPort() : 0;
      CoordinatorVerticle coordinator = new CoordinatorVerticle(new CoordinatorVerticle.Options(options.config(),
          "127.0.0.1", restPort, node.metrics(), election()));
      coordinatorNodes.add(node);
      coordinators.add(coordinator);
      coordinatorAlive.add(true);
      return node.vertx().deployVerticle(coordinator, new DeploymentOptions()).mapEmpty();
    });
  }

  /**
   * One coordinator counts its own majority (it always has it, as before); several count every
   * member: in one JVM there is no partition, and the survivor of two coordinators must lead.
   */
  private ElectionSettings election() {
    if (options.coordinators() == 1) {
      return null;
    }
    ElectionSettings d = ElectionSettings.defaults();
    return new ElectionSettings(d.checkInterval(), d.lease(), ElectionSettings.QuorumScope.MEMBERS, d.expectedMembers(),
        d.forgetMembersAfter());
  }

  /** Starts one more worker node, named {@code w-<n>}. */
  public Future<Void> addWorker() {
    String name = "w-" + (workers.size() + 1);
    return WeirNode.start(WeirNode.Options.loopback(options.clusterName(), options.hzPort())).compose(node -> {
      WorkerVerticle worker = new WorkerVerticle(new WorkerVerticle.Options(name, options.slots(), options.config()));
      workerNodes.add(node);
      workers.add(worker);
      alive.add(true);
      return node.vertx().deployVerticle(worker, new DeploymentOptions()).mapEmpty();
    });
  }

  /** Blocks until a coordinator leads and knows {@code workers} workers (election and registration are asynchronous). */
  public void awaitRegistered(int workers, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (leader() == null
        || await(leader().call(jm -> Future.succeededFuture(jm.workers().workers().size()))) < workers) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("only some of the " + workers + " workers registered within " + timeoutMs + "ms");
      }
      Thread.sleep(20);
    }
  }

  /** The coordinator that leads now, else the first one alive. */
  public CoordinatorVerticle coordinator() {
    CoordinatorVerticle leader = leader();
    if (leader != null) {
      return leader;
    }
    int first = coordinatorAlive.indexOf(true);
    return coordinators.get(first < 0 ? 0 : first);
  }

  /** The coordinator that leads now; null while none does (an election is under way). */
  public CoordinatorVerticle leader() {
    for (int i = 0; i < coordinators.size(); i++) {
      if (coordinatorAlive.get(i) && coordinators.get(i).leading()) {
        return coordinators.get(i);
      }
    }
    return null;
  }

  public WeirNode coordinatorNode() {
    return coordinatorNodes.get(coordinators.indexOf(coordinator()));
  }

  public List<CoordinatorVerticle> coordinators() {
    return List.copyOf(coordinators);
  }

  public boolean coordinatorAlive(int index) {
    return coordinatorAlive.get(index);
  }

  /** Kills the coordinator that leads abruptly (its Hazelcast member terminates without leaving); returns its index. */
  public int killLeader() {
    CoordinatorVerticle leader = leader();
    if (leader == null) {
      throw new IllegalStateException("no coordinator leads now, so none can be killed as the leader");
    }
    int index = coordinators.indexOf(leader);
    coordinatorAlive.set(index, false);
    log.warn("killing the leading coordinator {} (its Hazelcast member terminates without leaving)", leader.name());
    coordinatorNodes.get(index).kill();
    return index;
  }

  public List<WorkerVerticle> workers() {
    return List.copyOf(workers);
  }

  public WeirNode workerNode(int index) {
    return workerNodes.get(index);
  }

  public boolean alive(int index) {
    return alive.get(index);
  }

  /** Kills worker {@code index} abruptly. */
  public Future<Void> killWorker(int index) {
    alive.set(index, false);
    log.warn("killing worker {} (its Hazelcast member terminates without leaving)", workers.get(index).name());
    return workerNodes.get(index).kill();
  }

  /**
   * Stops the coordinators, then the workers. The workers stop watching their leader first, so
   * that neither side reports the other as lost when it goes.
   */
  public Future<Void> close() {
    List<Future<Void>> quiet = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      if (alive.get(i)) {
        quiet.add(workers.get(i).quiesce());
      }
    }
    Future<Void> closing = Future.join(quiet).otherwiseEmpty().mapEmpty();
    for (int i = 0; i < coordinatorNodes.size(); i++) {
      if (coordinatorAlive.get(i)) {
        WeirNode node = coordinatorNodes.get(i);
        coordinatorAlive.set(i, false);
        closing = closing.transform(ar -> node.close().otherwiseEmpty());
      }
    }
    for (int i = 0; i < workerNodes.size(); i++) {
      if (alive.get(i)) {
        WeirNode node = workerNodes.get(i);
        alive.set(i, false);
        closing = closing.transform(ar -> node.close().otherwiseEmpty());
      }
    }
    return closing;
  }
}
