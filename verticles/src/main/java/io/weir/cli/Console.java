package io.weir.cli;

import java.io.PrintStream;
import java.util.Locale;

/** Formatting for what the commands print. */
final class Console {
  static PrintStream out() {
    return System.out;
  }

  private Console() {
  }

  /** The message of an error, without Java's wrapping ("java.lang.RuntimeException: ..."). */
  static String message(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.ExecutionException || t instanceof java.util.concurrent.CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  static String count(long n) {
    if (n < 10_000) {
      return Long.toString(n);
    }
    if (n < 10_000_000) {
      return String.format(Locale.ROOT, "%.1fk", n / 1e3);
    }
    return String.format(Locale.ROOT, "%.1fM", n / 1e6);
  }

  static String rate(double perSecond) {
    if (perSecond < 10_000) {
      return String.format(Locale.ROOT, "%.0f/s", perSecond);
    }
    return String.format(Locale.ROOT, "%.2fM/s", perSecond / 1e6);
  }
}
