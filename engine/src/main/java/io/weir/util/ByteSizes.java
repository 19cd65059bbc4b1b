package io.weir.util;

import java.util.Locale;

/** Prints sizes for people: 512 B, 3.2 KiB, 41.0 MiB, 1.25 GiB. */
public final class ByteSizes {
  private ByteSizes() {
  }

  public static String format(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1 << 20) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    if (n < 1L << 30) {
      return String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
    }
    return String.format(Locale.ROOT, "%.2f GiB", n / 1073741824.0);
  }
}
