package io.weir.examples;

import io.weir.api.Job;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Checks what {@code windowed-count} wrote: for every key k in 0..K-1 and every window start
 * s = 0, W, 2W, ... below M, the line {@code k,s,min(W, M-s)} must appear exactly once in the
 * committed files of the output directory. Reports missing, duplicated and wrong lines with
 * examples. Also a program: {@code java -cp weir.jar io.weir.examples.WindowedCountOutput DIR K M W}.
 */
public final class WindowedCountOutput {
  private WindowedCountOutput() {
  }

  /** The counts of a check, and its verdict. */
  public record Report(long expected, long lines, long missing, long duplicated, long wrong, List<String> examples) {
    public boolean exactlyOnce() {
      return missing == 0 && duplicated == 0 && wrong == 0 && lines == expected;
    }
  }

  public static Report read(Path dir, long keys, long perKey, long window) throws IOException {
    long windows = (perKey + window - 1) / window;
    long expected = keys * windows;
    if (expected > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many lines to check in memory: " + expected);
    }
    BitSet seen = new BitSet((int) expected);
    long[] counts = new long[3]; // lines, duplicated, wrong
    List<String> examples = new ArrayList<>();
    CommittedLines.forEach(dir, (file, line) -> {
      counts[0]++;
      String[] parts = line.split(",", -1);
      long k;
      long start;
      long count;
      try {
        k = Long.parseLong(parts[0]);
        start = Long.parseLong(parts[1]);
        count = Long.parseLong(parts[2]);
      } catch (RuntimeException e) {
        counts[2]++;
        CheckedCountOutput.note(examples, "malformed line '" + line + "' in " + file);
        return;
      }
      if (parts.length != 3 || k < 0 || k >= keys || start < 0 || start >= perKey || start % window != 0
          || count != Math.min(window, perKey - start)) {
        counts[2]++;
        CheckedCountOutput.note(examples, "wrong line '" + line + "' in " + file + (parts.length == 3 && start >= 0
            && start < perKey ? " (expected count " + Math.min(window, perKey - start) + ")" : ""));
        return;
      }
      int index = (int) (k * windows + start / window);
      if (seen.get(index)) {
        counts[1]++;
        CheckedCountOutput.note(examples, "duplicate '" + line + "' in " + file);
      } else {
        seen.set(index);
      }
    });
    long missing = expected - seen.cardinality();
    if (missing > 0) {
      int first = seen.nextClearBit(0);
      long start = first % windows * window;
      CheckedCountOutput.note(examples, "missing '" + (first / windows) + "," + start + "," + Math.min(window, perKey - start) + "'");
    }
    return new Report(expected, counts[0], missing, counts[1], counts[2], examples);
  }

  public static Job.Verdict check(Path dir, long keys, long perKey, long window) throws IOException {
    Report r = read(dir, keys, perKey, window);
    String counts = r.lines() + " lines for " + keys + " keys x " + ((perKey + window - 1) / window) + " windows of "
        + window + " ms (expected " + r.expected() + "): " + r.missing() + " missing, " + r.duplicated() + " duplicated, "
        + r.wrong() + " wrong";
    if (r.exactlyOnce()) {
      return new Job.Verdict(true, "output is exactly-once: " + counts);
    }
    return new Job.Verdict(false, "output is WRONG: " + counts + (r.examples().isEmpty() ? "" : "; e.g. "
        + String.join("; ", r.examples())));
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: WindowedCountOutput DIR KEYS PER_KEY WINDOW_MS");
      System.exit(2);
    }
    Job.Verdict v = check(Path.of(args[0]), Long.parseLong(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]));
    System.out.println(v.summary());
    System.exit(v.ok() ? 0 : 1);
  }
}
