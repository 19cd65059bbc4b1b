package io.weir.node;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;

/**
 * One member of a Weir cluster: a clustered Vert.x instance on Hazelcast, bound to its host (by
 * default 127.0.0.1), with Weir's codecs and maps installed and Prometheus metrics enabled.
 */
public final class WeirNode {
  /**
   * How to start a node. {@code hazelcastConfig} null means the loopback config; {@code hzPort} 0 keeps the config's;
   * {@code tls} null leaves the event bus in plain TCP.
   */
  public record Options(String clusterName, String hazelcastConfig, int hzPort, String host, ClusterTls tls) {
    public Options(String clusterName, String hazelcastConfig, int hzPort, String host) {
      this(clusterName, hazelcastConfig, hzPort, host, null);
    }

    public static Options loopback(String clusterName, int hzPort) {
      return new Options(clusterName, null, hzPort, "127.0.0.1");
    }
  }

  /** Task verticles run on the worker pool (one thread per running task at most), and blocking work. */
  static final int WORKER_THREADS = 64;

  private final Vertx vertx;
  private final HazelcastClusterManager clusterManager;
  private final PrometheusMeterRegistry metrics;
  private final String clusterName;

  private WeirNode(Vertx vertx, HazelcastClusterManager clusterManager, PrometheusMeterRegistry metrics, String clusterName) {
    this.vertx = vertx;
    this.clusterManager = clusterManager;
    this.metrics = metrics;
    this.clusterName = clusterName;
  }

  public static Future<WeirNode> start(Options options) {
    return start(options, null);
  }

  /**
   * Starts the node of a coordinator named {@code coordinator} (unique in the cluster; null: a node
   * that is no coordinator): its Hazelcast member carries the name, so that coordinators can elect
   * their leader among themselves.
   */
  public static Future<WeirNode> start(Options options, String coordinator) {
    Config config;
    try {
      config = HazelcastConfigs.load(options.hazelcastConfig(), options.clusterName(), options.hzPort());
      if (coordinator != null) {
        HazelcastElectionBackend.markCoordinator(config, coordinator);
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    HazelcastClusterManager clusterManager = new HazelcastClusterManager(config);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EventBusOptions eventBus = new EventBusOptions().setHost(options.host()).setClusterPublicHost(options.host());
    if (options.tls() != null) {
      options.tls().apply(eventBus);
    }
    VertxOptions vertxOptions = new VertxOptions()
        .setEventBusOptions(eventBus)
        .setWorkerPoolSize(WORKER_THREADS)
        .setBlockedThreadCheckInterval(5)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS)
        .setMaxWorkerExecuteTime(120)
        .setMaxWorkerExecuteTimeUnit(TimeUnit.SECONDS)
        // event-bus metrics are per address, and task addresses are new for every attempt: their
        // meters would grow without bound and cost a registry lookup per batch
        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            .setRegistryName("weir-" + java.util.UUID.randomUUID())
            .addDisabledMetricsCategory(io.vertx.micrometer.MetricsDomain.EVENT_BUS));
    return Vertx.builder()
        .with(vertxOptions)
        .withClusterManager(clusterManager)
        .withMetrics(new MicrometerMetricsFactory(registry))
        .buildClustered()
        .map(vertx -> {
          vertx.exceptionHandler(new UnhandledExceptions());
          if (options.tls() != null) {
            ClusterTls.install(vertx, options.tls());
          }
          WeirRuntime.install(vertx);
          return new WeirNode(vertx, clusterManager, registry, options.clusterName());
        });
  }

  public Vertx vertx() {
    return vertx;
  }

  public String nodeId() {
    return clusterManager.getNodeId();
  }

  public String clusterName() {
    return clusterName;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  public HazelcastInstance hazelcast() {
    return clusterManager.getHazelcastInstance();
  }

  /** Leaves the cluster gracefully: undeploys the verticles, then leaves Hazelcast. */
  public Future<Void> close() {
    return vertx.close().onComplete(ar -> WeirRuntime.uninstall(vertx));
  }

  /**
   * Dies abruptly, as a killed process would: the Hazelcast member terminates without a graceful
   * leave (its peers notice the broken connections), then Vert.x stops.
   */
  public Future<Void> kill() {
    HazelcastInstance hz = clusterManager.getHazelcastInstance();
    if (hz != null) {
      hz.getLifecycleService().terminate();
    }
    return vertx.close().otherwiseEmpty().onComplete(ar -> WeirRuntime.uninstall(vertx));
  }
}
