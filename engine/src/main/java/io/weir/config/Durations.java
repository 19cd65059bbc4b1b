package io.weir.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations the way users write them: 200ms, 2s, 1.5s, 5m, 1h. */
public final class Durations {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|us|ns)?");

  private Durations() {
  }

  /** Parses {@code text}; a bare number is milliseconds. Throws IllegalArgumentException naming the text. */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("off") || t.equals("none")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 2s, 1m)");
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    double nanos = switch (unit) {
      case "ns" -> amount;
      case "us" -> amount * 1e3;
      case "ms" -> amount * 1e6;
      case "s" -> amount * 1e9;
      case "m" -> amount * 60e9;
      case "h" -> amount * 3600e9;
      default -> throw new IllegalArgumentException("'" + text + "' has an unknown unit");
    };
    return Duration.ofNanos((long) nanos);
  }

  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0 && !d.isZero()) {
      return d.toNanos() / 1000 + "us";
    }
    if (ms < 10_000) {
      return ms + "ms";
    }
    return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
  }

  /** Parses sizes such as 64mb, 1gb, 512kb or a bare number of bytes. */
  public static long parseBytes(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Matcher m = Pattern.compile("(\\d+)\\s*(b|kb|k|mb|m|gb|g)?").matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size (use e.g. 64mb, 1gb)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    return switch (unit) {
      case "kb", "k" -> n << 10;
      case "mb", "m" -> n << 20;
      case "gb", "g" -> n << 30;
      default -> n;
    };
  }
}
