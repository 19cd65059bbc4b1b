package io.weir.cli;

import io.vertx.core.Future;
import io.vertx.core.spi.cluster.NodeListener;
import io.weir.node.ClusterEvents;
import io.weir.node.WeirNode;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the long-running commands share: start a node, log membership, run until stopped. */
final class ServerCommands {
  private static final Logger log = LoggerFactory.getLogger("weir");

  private ServerCommands() {
  }

  static <T> T await(Future<T> future, long seconds, String what) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + Console.message(e.getCause()), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(what + " did not finish within " + seconds + "s");
    }
  }

  /** Starts a node and logs the members that join and leave. */
  static WeirNode startNode(ClusterOptions cluster, String role) throws Exception {
    return startNode(cluster, role, null);
  }

  /** As above, for the coordinator named {@code coordinator} (null: a node that is no coordinator). */
  static WeirNode startNode(ClusterOptions cluster, String role, String coordinator) throws Exception {
    WeirNode node = await(WeirNode.start(cluster.node(), coordinator), 120, "joining cluster '" + cluster.clusterName + "'");
    ClusterEvents events = ClusterEvents.of(node.vertx());
    log.info("{} joined cluster '{}' as member {} ({} members)", role, cluster.clusterName, shortId(node.nodeId()),
        events.nodes().size());
    events.addListener(new NodeListener() {
      @Override
      public void nodeAdded(String nodeId) {
        log.info("cluster member {} joined ({} members)", shortId(nodeId), events.nodes().size());
      }

      @Override
      public void nodeLeft(String nodeId) {
        log.warn("cluster member {} left ({} members)", shortId(nodeId), events.nodes().size());
      }
    });
    return node;
  }

  static String shortId(String nodeId) {
    return nodeId.length() > 8 ? nodeId.substring(0, 8) : nodeId;
  }

  /** Blocks until the process is asked to stop (SIGTERM, Ctrl-C), then leaves the cluster gracefully. */
  static int runUntilStopped(WeirNode node, String role) throws InterruptedException {
    return runUntilStopped(() -> node, role);
  }

  /** As above, for a process whose node may be replaced while it runs (a worker that joins afresh). */
  static int runUntilStopped(java.util.function.Supplier<WeirNode> currentNode, String role) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopped.countDown();
      log.info("{} stopping: leaving the cluster", role);
      currentNode.get().close().onComplete(ar -> closed.countDown());
      try {
        closed.await(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "weir-shutdown"));
    stopped.await();
    closed.await(20, TimeUnit.SECONDS);
    return 0;
  }
}
