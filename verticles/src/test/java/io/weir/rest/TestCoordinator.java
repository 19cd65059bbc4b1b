package io.weir.rest;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.weir.config.WeirConfig;
import io.weir.testing.TestClusters;
import io.weir.verticles.CoordinatorVerticle;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A coordinator alone in a plain (not clustered) Vert.x instance, with its REST API on a free
 * loopback port: enough for what the REST layer decides by itself (tokens, TLS, validation), with
 * no worker and no Hazelcast.
 */
public final class TestCoordinator implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  public final CoordinatorVerticle coordinator;
  final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public TestCoordinator(Path dir, JsonObject settings, RestSecurity security) {
    WeirConfig config = TestClusters.config(dir, settings);
    coordinator = new CoordinatorVerticle(new CoordinatorVerticle.Options(config, "127.0.0.1", 0, metrics, security));
    TestClusters.await(vertx.deployVerticle(coordinator), Duration.ofSeconds(30));
  }

  public int port() {
    return coordinator.restPort();
  }

  @Override
  public void close() {
    TestClusters.await(vertx.close(), Duration.ofSeconds(30));
  }
}
