package io.weir.node;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.weir.cluster.ClusterMaps;
import io.weir.runtime.network.Codecs;

/**
 * Prepares a Vert.x instance for Weir's verticles, whoever created it (the CLI, a test, or an
 * application that embeds Weir): registers the codecs and, in a Hazelcast cluster, the replicated
 * maps. Idempotent; every Weir verticle calls it in its start.
 */
public final class WeirRuntime {
  private WeirRuntime() {
  }

  public static synchronized void install(Vertx vertx) {
    Codecs.register(vertx);
    if (((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager hz
        && hz.getHazelcastInstance() != null
        && ClusterMaps.of(vertx) instanceof ClusterMaps.InMemory) {
      ClusterMaps.install(vertx, new HazelcastClusterMaps(hz.getHazelcastInstance()));
    }
  }

  /** Forgets what {@link #install} kept for {@code vertx} (after it closed). */
  public static void uninstall(Vertx vertx) {
    ClusterMaps.uninstall(vertx);
    ClusterEvents.forget(vertx);
    ClusterTls.forget(vertx);
  }
}
