package io.weir.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.weir.config.WeirConfig;
import io.weir.verticles.CoordinatorVerticle;
import io.weir.verticles.WorkerVerticle;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole Weir cluster in one JVM: a coordinator node and N worker nodes, each its own clustered
 * Vert.x instance with its own Hazelcast member, joined by TCP on loopback. Killing a worker
 * terminates its Hazelcast member without a graceful leave, as a crashed process would.
 */
public final class LocalCluster {
  private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);

  /** {@code restPort} -1 serves no REST API, 0 a free port. */
  public record Options(String clusterName, int hzPort, int workers, int slots, WeirConfig config, int restPort) {
  }

  private final Options options;
  private WeirNode coordinatorNode;
  private CoordinatorVerticle coordinator;
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
        await(cluster.startCoordinator());
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

  private Future<Void> startCoordinator() {
    return WeirNode.start(WeirNode.Options.loopback(options.clusterName(), options.hzPort())).compose(node -> {
      coordinatorNode = node;
      coordinator = new CoordinatorVerticle(new CoordinatorVerticle.Options(options.config(), "127.0.0.1",
          options.restPort(), node.metrics()));
      return node.vertx().deployVerticle(coordinator, new DeploymentOptions()).mapEmpty();
    });
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

  /** Blocks until the coordinator knows {@code workers} workers (registration is asynchronous). */
  public void awaitRegistered(int workers, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (await(coordinator.call(jm -> Future.succeededFuture(jm.workers().workers().size()))) < workers) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("only some of the " + workers + " workers registered within " + timeoutMs + "ms");
      }
      Thread.sleep(20);
    }
  }

  public CoordinatorVerticle coordinator() {
    return coordinator;
  }

  public WeirNode coordinatorNode() {
    return coordinatorNode;
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

  /** Stops the coordinator, then the workers. */
  public Future<Void> close() {
    Future<Void> closing = coordinatorNode == null ? Future.succeededFuture() : coordinatorNode.close().otherwiseEmpty();
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
