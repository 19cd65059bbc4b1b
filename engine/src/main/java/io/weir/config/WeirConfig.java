package io.weir.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Weir's settings: the defaults in {@code weir.json} (the cluster-config module), overridden by an
 * operator's config file, then by a job's own settings. Every value is checked when the config is
 * built, so a typo fails at once with the setting's name, never halfway through a job.
 */
public final class WeirConfig {
  private static final String DEFAULTS_RESOURCE = "weir.json";
  private static volatile JsonObject defaults;

  private final JsonObject json;
  private final int parallelism;
  private final int maxParallelism;
  private final Settings.Checkpoint checkpoint;
  private final Settings.Restart restart;
  private final String failover;
  private final Settings.Heartbeat heartbeat;
  private final Settings.Network network;
  private final Settings.State state;
  private final Settings.Scheduling scheduling;
  private final Settings.Security security;

  private WeirConfig(JsonObject json, String origin) {
    this.json = json;
    SettingsReader r = new SettingsReader(json, origin);
    parallelism = r.positiveInt("parallelism");
    maxParallelism = r.positiveInt("max-parallelism");
    if (maxParallelism > 32768) {
      throw new ConfigException(origin + ": max-parallelism must be at most 32768, got " + maxParallelism);
    }
    checkpoint = new Settings.Checkpoint(
        r.duration("checkpoint.interval"), r.mode("checkpoint.mode"), r.positiveDuration("checkpoint.timeout"),
        r.duration("checkpoint.min-pause"), r.positiveInt("checkpoint.max-concurrent"),
        r.nonNegativeInt("checkpoint.tolerable-failures"), r.positiveInt("checkpoint.retained"),
        r.oneOf("checkpoint.storage", List.of("directory", "imap")), r.string("checkpoint.dir"),
        checkpointCopy(r, origin), r.bool("checkpoint.allow-fallback"));
    restart = new Settings.Restart(
        r.oneOf("restart.strategy", List.of("fixed-delay", "exponential-delay", "failure-rate", "none")),
        r.nonNegativeInt("restart.attempts"), r.duration("restart.delay"), r.duration("restart.initial-delay"),
        r.duration("restart.max-delay"), r.number("restart.multiplier"), r.duration("restart.reset-after"),
        r.positiveInt("restart.max-failures"), r.positiveDuration("restart.failure-interval"));
    failover = r.oneOf("failover", List.of("region", "full"));
    heartbeat = new Settings.Heartbeat(r.positiveDuration("heartbeat.interval"), r.positiveDuration("heartbeat.timeout"));
    if (heartbeat.timeout().compareTo(heartbeat.interval()) <= 0) {
      throw new ConfigException(origin + ": heartbeat.timeout (" + Durations.format(heartbeat.timeout())
          + ") must be longer than heartbeat.interval (" + Durations.format(heartbeat.interval()) + ")");
    }
    network = new Settings.Network(r.positiveInt("network.batch-size"), r.positiveDuration("network.flush-interval"),
        r.positiveInt("network.credits"));
    state = new Settings.State(r.oneOf("state.backend", List.of("heap", "rocksdb")), r.bool("state.incremental"),
        r.string("state.local-dir"),
        new Settings.RocksDb(r.bytes("state.rocksdb.block-cache"), r.bytes("state.rocksdb.write-buffer"),
            r.positiveInt("state.rocksdb.max-write-buffers"),
            r.oneOf("state.rocksdb.compression", List.of("none", "snappy", "lz4", "zstd")),
            r.positiveInt("state.rocksdb.background-jobs")));
    scheduling = new Settings.Scheduling(r.positiveDuration("scheduling.slot-timeout"));
    security = new Settings.Security(r.absolutePaths("security.allowed-paths"), r.bool("security.metrics-open"));
  }

  /** {@code checkpoint.copy}: a second place for every checkpoint, which must not be the first one. */
  private static Settings.CheckpointCopy checkpointCopy(SettingsReader r, String origin) {
    Settings.CheckpointCopy copy = new Settings.CheckpointCopy(
        r.oneOf("checkpoint.copy.storage", List.of("none", "directory", "imap")), r.string("checkpoint.copy.dir"));
    if (copy.storage().equals("directory") && copy.dir().isBlank()) {
      throw new ConfigException(origin + ": setting 'checkpoint.copy.dir' must name a directory when checkpoint.copy.storage"
          + " is directory (ideally on another disk than checkpoint.dir)");
    }
    String primary = r.string("checkpoint.storage").trim().toLowerCase(Locale.ROOT);
    boolean sameDir = copy.storage().equals("directory") && primary.equals("directory")
        && Path.of(copy.dir()).toAbsolutePath().normalize().equals(Path.of(r.string("checkpoint.dir")).toAbsolutePath().normalize());
    if (sameDir || (copy.storage().equals("imap") && primary.equals("imap"))) {
      throw new ConfigException(origin + ": setting 'checkpoint.copy' names the same storage as checkpoint.storage and"
          + " checkpoint.dir; a second copy must be somewhere else");
    }
    return copy;
  }

  /** The built-in defaults. */
  public static WeirConfig defaults() {
    return new WeirConfig(defaultJson().copy(), "built-in defaults");
  }

  /** The defaults overridden by the operator's config file. */
  public static WeirConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    JsonObject overrides;
    try {
      overrides = new JsonObject(text);
    } catch (DecodeException e) {
      throw new ConfigException("config file " + file + " is not valid JSON: " + cleanJsonError(e.getMessage()), e);
    }
    return defaults().with(overrides, "config file " + file);
  }

  /** These settings with {@code overrides} on top; {@code origin} names where they came from, for errors. */
  public WeirConfig with(JsonObject overrides, String origin) {
    checkKnown(overrides, defaultJson(), "", origin);
    JsonObject merged = json.copy();
    deepMerge(merged, overrides);
    return new WeirConfig(merged, origin);
  }

  /** Parses settings shipped as JSON (to tasks, or stored with a job). */
  public static WeirConfig fromJson(JsonObject json) {
    return defaults().with(json, "job settings");
  }

  /** Replaces ${java.io.tmpdir} and ${cluster} in paths. */
  public WeirConfig resolvePaths(String clusterName) {
    JsonObject resolved = json.copy();
    resolved.getJsonObject("checkpoint").put("dir", substitute(checkpoint.dir(), clusterName));
    resolved.getJsonObject("checkpoint").getJsonObject("copy").put("dir", substitute(checkpoint.copy().dir(), clusterName));
    resolved.getJsonObject("state").put("local-dir", substitute(state.localDir(), clusterName));
    resolved.getJsonObject("security").put("allowed-paths",
        new io.vertx.core.json.JsonArray(security.allowedPaths().stream().map(p -> substitute(p, clusterName)).toList()));
    return new WeirConfig(resolved, "resolved settings");
  }

  private static String substitute(String path, String clusterName) {
    String tmp = System.getProperty("java.io.tmpdir");
    return path.replace("${java.io.tmpdir}", tmp.endsWith("/") ? tmp.substring(0, tmp.length() - 1) : tmp)
        .replace("${cluster}", clusterName);
  }

  public JsonObject toJson() {
    return json.copy();
  }

  public int parallelism() {
    return parallelism;
  }

  public int maxParallelism() {
    return maxParallelism;
  }

  public Settings.Checkpoint checkpoint() {
    return checkpoint;
  }

  public Settings.Restart restart() {
    return restart;
  }

  public String failover() {
    return failover;
  }

  public Settings.Heartbeat heartbeat() {
    return heartbeat;
  }

  public Settings.Network network() {
    return network;
  }

  public Settings.State state() {
    return state;
  }

  public Settings.Scheduling scheduling() {
    return scheduling;
  }

  public Settings.Security security() {
    return security;
  }

  private static JsonObject defaultJson() {
    JsonObject d = defaults;
    if (d == null) {
      try (InputStream in = WeirConfig.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
        if (in == null) {
          throw new ConfigException("the default settings " + DEFAULTS_RESOURCE
              + " are not on the classpath (they ship in weir-cluster-config)");
        }
        d = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        defaults = d;
      } catch (IOException e) {
        throw new ConfigException("cannot read the default settings: " + e.getMessage(), e);
      }
    }
    return d;
  }

  private static void checkKnown(JsonObject given, JsonObject known, String prefix, String origin) {
    for (Map.Entry<String, Object> e : given) {
      String path = prefix + e.getKey();
      if (!known.containsKey(e.getKey())) {
        throw new ConfigException(origin + ": unknown setting '" + path + "' (known: "
            + String.join(", ", new TreeSet<>(known.fieldNames())) + ")");
      }
      Object expected = known.getValue(e.getKey());
      if (expected instanceof JsonObject section) {
        if (!(e.getValue() instanceof JsonObject sub)) {
          throw new ConfigException(origin + ": setting '" + path + "' must be an object with keys "
              + String.join(", ", new TreeSet<>(section.fieldNames())));
        }
        checkKnown(sub, section, path + ".", origin);
      }
    }
  }

  private static void deepMerge(JsonObject target, JsonObject overrides) {
    for (Map.Entry<String, Object> e : overrides) {
      Object existing = target.getValue(e.getKey());
      if (existing instanceof JsonObject t && e.getValue() instanceof JsonObject o) {
        deepMerge(t, o);
      } else {
        target.put(e.getKey(), e.getValue());
      }
    }
  }

  private static String cleanJsonError(String message) {
    if (message == null) {
      return "malformed";
    }
    int at = message.indexOf(" at [Source");
    String where = "";
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("line: (\\d+), column: (\\d+)").matcher(message);
    if (m.find()) {
      where = " (line " + m.group(1) + ", column " + m.group(2) + ")";
    }
    String head = at > 0 ? message.substring(0, at) : message;
    head = head.replace("Failed to decode:", "").trim();
    int nl = head.indexOf('\n');
    if (nl > 0) {
      head = head.substring(0, nl);
    }
    return head + where;
  }
}
