package io.weir.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Reads dotted paths out of the merged JSON, with errors that name the setting. */
final class SettingsReader {
  private final JsonObject json;
  private final String origin;

  SettingsReader(JsonObject json, String origin) {
    this.json = json;
    this.origin = origin;
  }

  Object raw(String path) {
    String[] parts = path.split("\\.");
    JsonObject node = json;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.getJsonObject(parts[i]);
      if (node == null) {
        throw new ConfigException(origin + ": missing section '" + parts[i] + "'");
      }
    }
    Object value = node.getValue(parts[parts.length - 1]);
    if (value == null) {
      throw new ConfigException(origin + ": missing setting '" + path + "'");
    }
    return value;
  }

  ConfigException bad(String path, Object value, String why) {
    return new ConfigException(origin + ": setting '" + path + "' = " + value + ": " + why);
  }

  String string(String path) {
    return raw(path).toString();
  }

  int positiveInt(String path) {
    int v = integer(path);
    if (v <= 0) {
      throw bad(path, v, "must be a positive integer");
    }
    return v;
  }

  int nonNegativeInt(String path) {
    int v = integer(path);
    if (v < 0) {
      throw bad(path, v, "must not be negative");
    }
    return v;
  }

  int integer(String path) {
    Object v = raw(path);
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(v.toString().trim());
    } catch (NumberFormatException e) {
      throw bad(path, v, "must be an integer");
    }
  }

  double number(String path) {
    Object v = raw(path);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(v.toString().trim());
    } catch (NumberFormatException e) {
      throw bad(path, v, "must be a number");
    }
  }

  boolean bool(String path) {
    Object v = raw(path);
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString().trim().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    throw bad(path, v, "must be true or false");
  }

  Duration duration(String path) {
    Object v = raw(path);
    try {
      return v instanceof Number n ? Duration.ofMillis(n.longValue()) : Durations.parse(v.toString());
    } catch (IllegalArgumentException e) {
      throw bad(path, v, e.getMessage());
    }
  }

  Duration positiveDuration(String path) {
    Duration d = duration(path);
    if (d.isZero() || d.isNegative()) {
      throw bad(path, raw(path), "must be longer than zero");
    }
    return d;
  }

  long bytes(String path) {
    Object v = raw(path);
    try {
      return v instanceof Number n ? n.longValue() : Durations.parseBytes(v.toString());
    } catch (IllegalArgumentException e) {
      throw bad(path, v, e.getMessage());
    }
  }

  CheckpointMode mode(String path) {
    Object v = raw(path);
    try {
      return CheckpointMode.parse(v.toString());
    } catch (IllegalArgumentException e) {
      throw bad(path, v, e.getMessage());
    }
  }

  /** A list of absolute paths (a JSON array of strings). */
  List<String> absolutePaths(String path) {
    Object v = raw(path);
    if (!(v instanceof io.vertx.core.json.JsonArray list)) {
      throw bad(path, v, "must be a list of absolute paths, such as [\"/data/weir\"]");
    }
    List<String> paths = new java.util.ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof String s) || !(s.startsWith("/") || s.startsWith("${"))) {
        throw bad(path, v, "must be a list of absolute paths; '" + item + "' is not one");
      }
      paths.add(s);
    }
    return List.copyOf(paths);
  }

  String oneOf(String path, List<String> allowed) {
    String v = string(path).trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      throw bad(path, v, "must be one of " + String.join(", ", allowed));
    }
    return v;
  }
}
