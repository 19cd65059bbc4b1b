package io.weir.api;

import io.weir.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;

/**
 * A job's command-line arguments: options ({@code --keys 10} or {@code --keys=10}), flags and
 * positional arguments. Read what the job needs, then {@link #finish()} rejects anything left over,
 * so a typo is an error that names the argument, not an option silently ignored.
 */
public final class JobArgs {
  private final String jobName;
  private final List<String> tokens;
  private final BitSet used = new BitSet();
  private final TreeSet<String> known = new TreeSet<>();

  public JobArgs(String jobName, List<String> tokens) {
    this.jobName = jobName;
    this.tokens = List.copyOf(tokens);
  }

  public List<String> tokens() {
    return tokens;
  }

  /** The option's value, or {@code null} when absent. */
  public String string(String name) {
    known.add(name);
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (t.startsWith(name + "=")) {
        used.set(i);
        return t.substring(name.length() + 1);
      }
      if (t.equals(name)) {
        if (i + 1 >= tokens.size()) {
          throw error(name + " needs a value");
        }
        used.set(i);
        used.set(i + 1);
        return tokens.get(i + 1);
      }
    }
    return null;
  }

  public String string(String name, String defaultValue) {
    String v = string(name);
    return v == null ? defaultValue : v;
  }

  public String require(String name, String what) {
    String v = string(name);
    if (v == null) {
      throw error("missing " + name + " " + what);
    }
    return v;
  }

  public long longValue(String name, long defaultValue) {
    String v = string(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw error(name + " must be a whole number, got '" + v + "'");
    }
  }

  public long positiveLong(String name, long defaultValue) {
    long v = longValue(name, defaultValue);
    if (v <= 0) {
      throw error(name + " must be positive, got " + v);
    }
    return v;
  }

  public int positiveInt(String name, int defaultValue) {
    long v = positiveLong(name, defaultValue);
    if (v > Integer.MAX_VALUE) {
      throw error(name + " is too large: " + v);
    }
    return (int) v;
  }

  public double doubleValue(String name, double defaultValue) {
    String v = string(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw error(name + " must be a number, got '" + v + "'");
    }
  }

  public Duration duration(String name, Duration defaultValue) {
    String v = string(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Durations.parse(v);
    } catch (IllegalArgumentException e) {
      throw error(name + ": " + e.getMessage());
    }
  }

  public boolean flag(String name) {
    known.add(name);
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).equals(name)) {
        used.set(i);
        return true;
      }
    }
    return false;
  }

  /** The arguments that are not options, in order. Call after reading every option. */
  public List<String> positional() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (!used.get(i) && !tokens.get(i).startsWith("--")) {
        used.set(i);
        out.add(tokens.get(i));
      }
    }
    return out;
  }

  /** Rejects any argument the job did not read. */
  public void finish() {
    for (int i = 0; i < tokens.size(); i++) {
      if (!used.get(i)) {
        String t = tokens.get(i);
        throw error("unknown argument '" + t + "'" + (known.isEmpty() ? "" : " (known: " + String.join(", ", known) + ")"));
      }
    }
  }

  public JobArgumentException error(String message) {
    return new JobArgumentException(jobName + ": " + message);
  }

  @Override
  public String toString() {
    return String.join(" ", tokens);
  }
}
