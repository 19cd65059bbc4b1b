package io.weir.testing;

import io.vertx.core.json.JsonObject;
import io.weir.config.CheckpointMode;
import io.weir.config.Settings;
import io.weir.config.WeirConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings for the engine's tests, built in one place: typed checkpoint settings for a coordinator
 * made by hand, and the JSON overrides a job or a cluster is given (checkpoints the test triggers
 * itself, fixed-delay restarts).
 */
public final class TestSettings {
  private TestSettings() {
  }

  /** Checkpoint settings with test defaults: not periodic, a minute's timeout, one at a time, none tolerated, two retained. */
  public static Checkpoint checkpoint() {
    return new Checkpoint();
  }

  /** A job's settings that take a checkpoint every {@code interval} (as weir.json writes it: {@code "100ms"}). */
  public static JsonObject checkpointsEvery(String interval) {
    return new JsonObject().put("checkpoint", new JsonObject().put("interval", interval));
  }

  /**
   * A test cluster's settings: checkpoints every 100 ms under {@code dir}/checkpoints, local state
   * under {@code dir}/local, heartbeats every 200 ms and a worker lost after {@code heartbeatTimeout}.
   */
  public static JsonObject cluster(Path dir, String heartbeatTimeout) {
    return new JsonObject()
        .put("checkpoint", new JsonObject().put("dir", dir.resolve("checkpoints").toString()).put("interval", "100ms"))
        .put("state", new JsonObject().put("local-dir", dir.resolve("local").toString()))
        .put("heartbeat", new JsonObject().put("interval", "200ms").put("timeout", heartbeatTimeout));
  }

  /** {@code "checkpoint"} overrides: no periodic checkpoints (the test triggers them), stored under {@code dir}. */
  public static JsonObject manualCheckpoints(Path dir) {
    return new JsonObject().put("interval", "0ms").put("dir", dir.toString());
  }

  /** {@code "restart"} overrides: a fixed delay of {@code delay} between restarts, at most {@code attempts} of them. */
  public static JsonObject fixedDelayRestart(int attempts, Duration delay) {
    return new JsonObject().put("strategy", "fixed-delay").put("attempts", attempts).put("delay", delay.toMillis() + "ms");
  }

  /** The defaults with {@code overrides} over them, as a cluster's weir.json would give them. */
  public static WeirConfig config(JsonObject overrides) {
    return WeirConfig.defaults().with(overrides, "test settings");
  }

  /** Builds {@link Settings.Checkpoint}; every setting not named keeps its test default. */
  public static final class Checkpoint {
    private Duration interval = Duration.ZERO;
    private CheckpointMode mode = CheckpointMode.EXACTLY_ONCE;
    private Duration timeout = Duration.ofSeconds(60);
    private Duration minPause = Duration.ZERO;
    private int maxConcurrent = 1;
    private int tolerableFailures = 0;
    private int retained = 2;
    private boolean allowFallback;
    private Settings.CheckpointCopy copy = Settings.CheckpointCopy.NONE;

    private Checkpoint() {
    }

    public Checkpoint interval(Duration d) {
      interval = d;
      return this;
    }

    public Checkpoint mode(CheckpointMode m) {
      mode = m;
      return this;
    }

    public Checkpoint timeout(Duration d) {
      timeout = d;
      return this;
    }

    public Checkpoint minPause(Duration d) {
      minPause = d;
      return this;
    }

    public Checkpoint maxConcurrent(int n) {
      maxConcurrent = n;
      return this;
    }

    public Checkpoint tolerableFailures(int n) {
      tolerableFailures = n;
      return this;
    }

    public Checkpoint retained(int n) {
      retained = n;
      return this;
    }

    public Checkpoint allowFallback() {
      allowFallback = true;
      return this;
    }

    /** A second copy of every checkpoint in {@code dir}. */
    public Checkpoint copy(java.nio.file.Path dir) {
      copy = new Settings.CheckpointCopy("directory", dir.toString());
      return this;
    }

    /** The settings; storage and directory are unused, as the test hands the coordinator its storage. */
    public Settings.Checkpoint build() {
      return new Settings.Checkpoint(interval, mode, timeout, minPause, maxConcurrent, tolerableFailures, retained,
          "directory", "unused", copy, allowFallback);
    }
  }
}
