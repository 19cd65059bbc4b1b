package io.weir.cli;

import io.vertx.core.json.JsonObject;
import io.weir.config.CheckpointMode;
import io.weir.config.ConfigException;
import io.weir.config.Durations;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Per-job settings given on the command line; they override the job's own and the cluster's. */
final class JobSettingsOptions {
  @Option(names = {"-p", "--parallelism"}, description = "Default parallelism of the job's operators.")
  int parallelism;

  @Option(names = "--checkpoint-interval", paramLabel = "DURATION", description = "Checkpoint every DURATION (e.g. 200ms, 1s; 0 turns periodic checkpoints off).")
  String checkpointInterval;

  @Option(names = "--mode", description = "exactly-once or at-least-once.")
  String mode;

  @Option(names = "--state-backend", description = "heap or rocksdb.")
  String stateBackend;

  @Option(names = "--incremental", description = "Incremental checkpoints (rocksdb).")
  boolean incremental;

  @Option(names = "--restart-strategy", description = "fixed-delay, exponential-delay, failure-rate or none.")
  String restartStrategy;

  @Option(names = "--restart-attempts", description = "Restarts allowed by fixed-delay.")
  Integer restartAttempts;

  @Option(names = "--restart-delay", paramLabel = "DURATION", description = "Delay before a restart.")
  String restartDelay;

  @Option(names = "--failover", description = "region (restart only the failed tasks' region) or full.")
  String failover;

  @Option(names = "--allow-fallback", description = "When the newest checkpoint is unusable, restore an older one even"
      + " though that repeats output a transactional sink already committed (duplicates).")
  boolean allowFallback;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting of weir.json, such as checkpoint.timeout=10s.")
  List<String> set = new ArrayList<>();

  JsonObject settings() {
    JsonObject s = new JsonObject();
    if (checkpointInterval != null) {
      check("--checkpoint-interval", () -> Durations.parse(checkpointInterval));
      put(s, "checkpoint.interval", checkpointInterval);
    }
    if (mode != null) {
      check("--mode", () -> CheckpointMode.parse(mode));
      put(s, "checkpoint.mode", mode);
    }
    if (stateBackend != null) {
      put(s, "state.backend", stateBackend);
    }
    if (incremental) {
      put(s, "state.incremental", true);
    }
    if (restartStrategy != null) {
      put(s, "restart.strategy", restartStrategy);
    }
    if (restartAttempts != null) {
      put(s, "restart.attempts", restartAttempts);
    }
    if (restartDelay != null) {
      check("--restart-delay", () -> Durations.parse(restartDelay));
      put(s, "restart.delay", restartDelay);
    }
    if (failover != null) {
      put(s, "failover", failover);
    }
    if (allowFallback) {
      put(s, "checkpoint.allow-fallback", true);
    }
    for (String kv : set) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("--set needs KEY=VALUE, got '" + kv + "'");
      }
      put(s, kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
    return s;
  }

  private static void check(String option, Runnable parse) {
    try {
      parse.run();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(option + ": " + e.getMessage());
    }
  }

  private static void put(JsonObject root, String dotted, Object value) {
    String[] parts = dotted.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject next = node.getJsonObject(parts[i]);
      if (next == null) {
        next = new JsonObject();
        node.put(parts[i], next);
      }
      node = next;
    }
    Object v = value;
    if (value instanceof String str) {
      if (str.matches("-?\\d+")) {
        v = Long.parseLong(str);
      } else if (str.equals("true") || str.equals("false")) {
        v = Boolean.parseBoolean(str);
      }
    }
    node.put(parts[parts.length - 1], v);
  }
}
