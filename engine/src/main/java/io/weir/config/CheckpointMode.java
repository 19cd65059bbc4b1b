package io.weir.config;

import java.util.Locale;

/** How barriers are handled at operators with several inputs (Flink's meanings). */
public enum CheckpointMode {
  /** Align barriers: a channel that delivered barrier n waits until all inputs have. */
  EXACTLY_ONCE,
  /** Do not block: snapshot when the last barrier arrives; replay may duplicate, never lose. */
  AT_LEAST_ONCE;

  public static CheckpointMode parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "exactly-once", "exactly_once" -> EXACTLY_ONCE;
      case "at-least-once", "at_least_once" -> AT_LEAST_ONCE;
      default -> throw new IllegalArgumentException("'" + text + "' is not a checkpoint mode (exactly-once, at-least-once)");
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
