package io.weir.examples;

import io.weir.api.Job;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Checks what {@code checked-count} wrote: every line {@code k,c} for k in 0..K-1 and c in 1..M must
 * appear exactly once in the committed (visible) files of the output directory. Reports missing,
 * duplicated and malformed lines with examples. Also a program:
 * {@code java -cp weir.jar io.weir.examples.CheckedCountOutput DIR K M}.
 */
public final class CheckedCountOutput {
  private CheckedCountOutput() {
  }

  /** The counts of a check, and its verdict. */
  public record Report(long expected, long lines, long missing, long duplicated, long malformed, List<String> examples) {
    public boolean exactlyOnce() {
      return missing == 0 && duplicated == 0 && malformed == 0 && lines == expected;
    }
  }

  public static Report read(Path dir, long keys, long perKey) throws IOException {
    long expected = keys * perKey;
    if (expected > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many lines to check in memory: " + expected);
    }
    BitSet seen = new BitSet((int) expected);
    long[] counts = new long[3]; // lines, duplicated, malformed
    List<String> examples = new ArrayList<>();
    CommittedLines.forEach(dir, (file, line) -> {
      counts[0]++;
      int comma = line.indexOf(',');
      long k;
      long c;
      try {
        k = Long.parseLong(line.substring(0, comma));
        c = Long.parseLong(line.substring(comma + 1));
      } catch (RuntimeException e) {
        counts[2]++;
        note(examples, "malformed line '" + line + "' in " + file);
        return;
      }
      if (k < 0 || k >= keys || c < 1 || c > perKey) {
        counts[2]++;
        note(examples, "out-of-range line '" + line + "' in " + file);
        return;
      }
      int index = (int) (k * perKey + c - 1);
      if (seen.get(index)) {
        counts[1]++;
        note(examples, "duplicate '" + line + "' in " + file);
      } else {
        seen.set(index);
      }
    });
    long missing = expected - seen.cardinality();
    if (missing > 0) {
      int first = seen.nextClearBit(0);
      note(examples, "missing '" + (first / perKey) + "," + (first % perKey + 1) + "'");
    }
    return new Report(expected, counts[0], missing, counts[1], counts[2], examples);
  }

  static void note(List<String> examples, String example) {
    if (examples.size() < 5) {
      examples.add(example);
    }
  }

  /** The verdict: exactly-once, or at-least-once (no line missing) when {@code exactlyOnce} is false. */
  public static Job.Verdict check(Path dir, long keys, long perKey, boolean exactlyOnce) throws IOException {
    Report r = read(dir, keys, perKey);
    String counts = r.lines() + " lines for " + keys + " keys x " + perKey + " events (expected " + r.expected() + "): "
        + r.missing() + " missing, " + r.duplicated() + " duplicated, " + r.malformed() + " malformed";
    if (r.exactlyOnce()) {
      return new Job.Verdict(true, "output is exactly-once: " + counts);
    }
    if (!exactlyOnce && r.missing() == 0 && r.malformed() == 0) {
      return new Job.Verdict(true, "output is at-least-once (duplicates allowed): " + counts);
    }
    return new Job.Verdict(false, "output is WRONG: " + counts + (r.examples().isEmpty() ? "" : "; e.g. "
        + String.join("; ", r.examples())));
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: CheckedCountOutput DIR KEYS PER_KEY");
      System.exit(2);
    }
    Job.Verdict v = check(Path.of(args[0]), Long.parseLong(args[1]), Long.parseLong(args[2]), true);
    System.out.println(v.summary());
    System.exit(v.ok() ? 0 : 1);
  }
}
