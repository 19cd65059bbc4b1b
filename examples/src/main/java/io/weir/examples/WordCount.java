package io.weir.examples;

import io.weir.api.Collector;
import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.Pipeline;
import io.weir.api.RuntimeContext;

import io.weir.api.function.KeyedProcessFunction;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.connector.FileLinesSource;
import io.weir.connector.GeneratorSource;
import io.weir.connector.StdoutSink;
import io.weir.connector.TransactionalFileSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Word count over a file ({@code --input FILE}) or generated text ({@code --lines N}): splits lines
 * into lower-case words, keys by word, and emits {@code word,count} each time a word is seen (a
 * running count), to {@code --out DIR} (exactly-once files) or to standard output.
 */
public final class WordCount implements Job {
  private static final String[] VOCABULARY = ("the quick brown fox jumps over a lazy dog while seven stream "
      + "processors count every word exactly once despite failures checkpoints barriers and restarts").split(" ");

  @Override
  public String name() {
    return "word-count";
  }

  @Override
  public String usage() {
    return "word-count (--input FILE | --lines N) [--out DIR]";
  }

  /** Generated line n: eight words picked deterministically from a small vocabulary. */
  public static String generatedLine(long n) {
    StringBuilder line = new StringBuilder();
    long x = n * 0x9E3779B97F4A7C15L + 1;
    for (int i = 0; i < 8; i++) {
      x ^= x >>> 29;
      x *= 0xBF58476D1CE4E5B9L;
      x ^= x >>> 32;
      if (i > 0) {
        line.append(' ');
      }
      line.append(VOCABULARY[(int) Math.floorMod(x, (long) VOCABULARY.length)]);
    }
    return line.toString();
  }

  @Override
  public void build(Pipeline pipeline, JobArgs args) {
    String input = args.string("--input");
    long lines = args.longValue("--lines", -1);
    String out = args.string("--out");
    io.weir.api.Stream<String> text;
    if (input != null && lines >= 0) {
      throw args.error("give either --input FILE or --lines N, not both");
    } else if (input != null) {
      text = pipeline.source("lines", new FileLinesSource(Path.of(input)));
    } else if (lines > 0) {
      text = pipeline.source("lines", GeneratorSource.bounded(lines, WordCount::generatedLine));
    } else {
      throw args.error("missing --input FILE or --lines N (a positive number of generated lines)");
    }
    io.weir.api.Stream<String> counts = text
        .flatMap("split", (String line, Collector<String> words) -> {
          for (String w : line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            if (!w.isEmpty()) {
              words.collect(w);
            }
          }
        })
        .keyBy(word -> word)
        .process("count", new Count());
    if (out != null) {
      counts.sink("output", new TransactionalFileSink<>(Path.of(out), line -> line));
    } else {
      counts.sink("output", new StdoutSink<>());
    }
  }

  @Override
  public Optional<OutputCheck> outputCheck(JobArgs args) {
    String input = args.string("--input");
    long lines = args.longValue("--lines", -1);
    String out = args.string("--out");
    if (out == null) {
      return Optional.empty();
    }
    return Optional.of(() -> check(expectedCounts(input, lines), Path.of(out)));
  }

  static Map<String, Long> expectedCounts(String input, long lines) throws IOException {
    Map<String, Long> counts = new HashMap<>();
    if (input != null) {
      try (BufferedReader r = Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          countWords(line, counts);
        }
      }
    } else {
      for (long n = 0; n < lines; n++) {
        countWords(generatedLine(n), counts);
      }
    }
    return counts;
  }

  private static void countWords(String line, Map<String, Long> counts) {
    for (String w : line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
      if (!w.isEmpty()) {
        counts.merge(w, 1L, Long::sum);
      }
    }
  }

  /** Every word's running counts 1..n must each appear exactly once. */
  static Verdict check(Map<String, Long> expected, Path dir) throws IOException {
    Set<String> seen = new HashSet<>();
    long duplicates = 0;
    long unexpected = 0;
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        int comma = line.lastIndexOf(',');
        String word = comma < 0 ? line : line.substring(0, comma);
        long count;
        try {
          count = Long.parseLong(line.substring(comma + 1));
        } catch (RuntimeException e) {
          unexpected++;
          continue;
        }
        if (count < 1 || count > expected.getOrDefault(word, 0L)) {
          unexpected++;
        } else if (!seen.add(line)) {
          duplicates++;
        }
      }
    }
    long total = expected.values().stream().mapToLong(Long::longValue).sum();
    long missing = total - seen.size();
    boolean ok = missing == 0 && duplicates == 0 && unexpected == 0;
    return new Verdict(ok, (ok ? "output is exactly-once: " : "output is WRONG: ") + expected.size() + " words, " + total
        + " counts; " + missing + " missing, " + duplicates + " duplicated, " + unexpected + " unexpected");
  }

  /** Counts each word. */
  static final class Count extends KeyedProcessFunction<String, String, String> {
    private ValueState<Long> count;

    @Override
    public void open(RuntimeContext context) {
      count = context.getState(new ValueStateDescriptor<>("count", 0L));
    }

    @Override
    public void processElement(String word, Context<String> ctx, Collector<String> out) {
      long c = count.value() + 1;
      count.update(c);
      out.collect(word + "," + c);
    }
  }
}
