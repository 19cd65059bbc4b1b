package io.weir.node;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Membership events of the cluster a Vert.x instance belongs to, from its cluster manager: the
 * cluster manager takes a single node listener, so this installs one per Vert.x instance and fans
 * it out to every coordinator and worker verticle of that instance.
 */
public final class ClusterEvents {
  private static final Map<Vertx, ClusterEvents> INSTALLED = new ConcurrentHashMap<>();

  private final ClusterManager clusterManager;
  private final List<NodeListener> listeners = new CopyOnWriteArrayList<>();

  private ClusterEvents(ClusterManager clusterManager) {
    this.clusterManager = clusterManager;
    clusterManager.nodeListener(new NodeListener() {
      @Override
      public void nodeAdded(String nodeId) {
        listeners.forEach(l -> l.nodeAdded(nodeId));
      }

      @Override
      public void nodeLeft(String nodeId) {
        listeners.forEach(l -> l.nodeLeft(nodeId));
      }
    });
  }

  /** The events of {@code vertx}'s cluster; null when it is not clustered. */
  public static ClusterEvents of(Vertx vertx) {
    ClusterManager cm = ((VertxInternal) vertx).clusterManager();
    if (cm == null) {
      return null;
    }
    return INSTALLED.computeIfAbsent(vertx, v -> new ClusterEvents(cm));
  }

  static void forget(Vertx vertx) {
    INSTALLED.remove(vertx);
  }

  /** This node's id in the cluster ("local" when not clustered). */
  public static String nodeId(Vertx vertx) {
    ClusterManager cm = ((VertxInternal) vertx).clusterManager();
    return cm == null ? "local" : cm.getNodeId();
  }

  public void addListener(NodeListener listener) {
    listeners.add(listener);
  }

  public void removeListener(NodeListener listener) {
    listeners.remove(listener);
  }

  public List<String> nodes() {
    return clusterManager.getNodes();
  }
}
