package io.weir.api;

import io.vertx.core.json.JsonObject;
import io.weir.api.time.WatermarkStrategy;
import io.weir.config.CheckpointMode;
import io.weir.config.Durations;
import io.weir.connector.Source;
import io.weir.runtime.graph.GraphBuilder;
import io.weir.runtime.graph.Vertex;
import java.time.Duration;

/**
 * What a {@link Job} builds its dataflow on: sources to start streams from, and the job's own
 * settings (checkpointing, restarts, state backend), which override the cluster's defaults and are
 * in turn overridden by what the user passes to {@code submit}.
 */
public final class Pipeline {
  private final GraphBuilder graph;
  private final JsonObject settings = new JsonObject();

  public Pipeline(String jobName) {
    this.graph = new GraphBuilder(jobName);
  }

  /** Starts a stream from {@code source}; {@code name} must be unique in the job. */
  public <T> Stream<T> source(String name, Source<T> source) {
    Vertex v = graph.addSource(name, source);
    return new Stream<>(this, v);
  }

  /**
   * Starts a stream of records stamped with event time by {@code watermarks}' assigner; each
   * split of the source emits watermarks as the strategy says.
   */
  public <T> Stream<T> source(String name, Source<T> source, WatermarkStrategy<T> watermarks) {
    Vertex v = graph.addSource(name, source, java.util.Objects.requireNonNull(watermarks, "watermarks"));
    return new Stream<>(this, v);
  }

  /** The graph being built (used by the runtime, not by jobs). */
  public GraphBuilder graph() {
    return graph;
  }

  /** The settings the job declared, in weir.json's shape. */
  public JsonObject settings() {
    return settings;
  }

  private JsonObject section(String name) {
    JsonObject s = settings.getJsonObject(name);
    if (s == null) {
      s = new JsonObject();
      settings.put(name, s);
    }
    return s;
  }

  public Pipeline checkpointInterval(Duration interval) {
    section("checkpoint").put("interval", Durations.format(interval));
    return this;
  }

  public Pipeline checkpointMode(CheckpointMode mode) {
    section("checkpoint").put("mode", mode.label());
    return this;
  }

  /** {@code heap} or {@code rocksdb}. */
  public Pipeline stateBackend(String backend) {
    section("state").put("backend", backend);
    return this;
  }

  /** {@code fixed-delay}, {@code exponential-delay}, {@code failure-rate} or {@code none}, with its attempts and delay. */
  public Pipeline restartStrategy(String strategy, int attempts, Duration delay) {
    section("restart").put("strategy", strategy).put("attempts", attempts).put("delay", Durations.format(delay));
    return this;
  }

  public Pipeline defaultParallelism(int parallelism) {
    settings.put("parallelism", parallelism);
    return this;
  }
}
