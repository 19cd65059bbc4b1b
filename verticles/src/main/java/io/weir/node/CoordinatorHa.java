package io.weir.node;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.weir.cluster.ha.ElectionBackend;
import io.weir.cluster.ha.JobStore;

/**
 * What a coordinator on Hazelcast needs for high availability: its name (the member attribute it
 * was started with), the election's backend, the job store, and where each coordinator serves its
 * REST API (the {@value #REST_MAP} map, so that a standby can forward to the leader). Calls to the
 * maps block: use them off the event loop.
 */
public final class CoordinatorHa {
  public static final String REST_MAP = "weir.ha.rest";

  private final HazelcastInstance hazelcast;
  private final String name;
  private JobStore jobStore;

  private CoordinatorHa(HazelcastInstance hazelcast, String name) {
    this.hazelcast = hazelcast;
    this.name = name;
  }

  /** The coordinator of {@code vertx}'s member; null when it is not clustered on Hazelcast or not started as a coordinator. */
  public static CoordinatorHa of(Vertx vertx) {
    if (!(((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager hz)) {
      return null;
    }
    HazelcastInstance instance = hz.getHazelcastInstance();
    String name = instance == null ? null : instance.getCluster().getLocalMember().getAttribute(HazelcastElectionBackend.COORDINATOR);
    return name == null ? null : new CoordinatorHa(instance, name);
  }

  /** This coordinator's name, unique in its cluster. */
  public String name() {
    return name;
  }

  public ElectionBackend electionBackend() {
    return new HazelcastElectionBackend(hazelcast);
  }

  /** The job store, one per coordinator; the first call blocks (it subscribes to the store's events). */
  public synchronized JobStore jobStore() {
    if (jobStore == null) {
      jobStore = new HazelcastJobStore(hazelcast);
    }
    return jobStore;
  }

  private IMap<String, String> rest() {
    return hazelcast.getMap(REST_MAP);
  }

  /** Records where this coordinator serves its REST API ({@code http://host:port}). */
  public void publishRest(String url) {
    rest().set(name, url);
  }

  /** Where {@code coordinator} serves its REST API; null when it never said. */
  public String restOf(String coordinator) {
    return coordinator == null ? null : rest().get(coordinator);
  }
}
