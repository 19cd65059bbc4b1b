package io.weir.examples;

import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.Pipeline;
import io.weir.api.time.WatermarkStrategy;
import io.weir.api.window.CountAggregate;
import io.weir.api.window.WindowAssigner;
import io.weir.connector.GeneratorSource;
import io.weir.connector.TransactionalFileSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The job that proves exactly-once for windows: for every key k in 0..K-1, events i = 0..M-1 have
 * event time i ms; the source emits them out of order by at most D ms (each key's times reversed
 * within blocks of D + 1), with a bounded-out-of-orderness watermark of D; a tumbling event-time
 * window of W ms counts per key; a transactional file sink writes one line {@code k,windowStart,count}
 * per window. A correct run writes, for every k and every window start s = 0, W, 2W, ... below M,
 * exactly one line {@code k,s,min(W, M-s)}.
 */
public final class WindowedCount implements Job {

  /** Event i of key k, at event time {@code time}. */
  public record Event(long key, long time) {
  }

  @Override
  public String name() {
    return "windowed-count";
  }

  @Override
  public String usage() {
    return "windowed-count --keys K --per-key M --window-ms W [--out-of-order-ms D] [--rate EVENTS_PER_S] --out DIR";
  }

  @Override
  public void build(Pipeline pipeline, JobArgs args) {
    long keys = args.positiveLong("--keys", 100);
    long perKey = args.positiveLong("--per-key", 1000);
    long window = args.positiveLong("--window-ms", 100);
    long disorder = args.longValue("--out-of-order-ms", 0);
    if (disorder < 0) {
      throw args.error("--out-of-order-ms must not be negative, got " + disorder);
    }
    double rate = args.doubleValue("--rate", 0);
    if (rate < 0) {
      throw args.error("--rate must not be negative, got " + rate);
    }
    if (keys > Long.MAX_VALUE / perKey) {
      throw args.error("--keys × --per-key is too large");
    }
    Path out = outDir(args);
    pipeline.source("events", GeneratorSource.bounded(keys * perKey, n -> event(n, keys, perKey, disorder)).withRate(rate),
            WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(disorder)).withTimestampAssigner(Event::time))
        .keyBy(Event::key)
        .window(WindowAssigner.tumbling(Duration.ofMillis(window)))
        .aggregate("count", new CountAggregate<Event>(), (key, w, count) -> key + "," + w.start() + "," + count)
        .sink("output", new TransactionalFileSink<String>(out, line -> line));
  }

  /** Event n: key n mod K, the (n / K)-th event of its key, its time shuffled within blocks of D + 1. */
  static Event event(long n, long keys, long perKey, long disorder) {
    long i = n / keys;
    long block = disorder + 1;
    long blockStart = i - i % block;
    long blockLength = Math.min(block, perKey - blockStart);
    return new Event(n % keys, blockStart + (blockLength - 1 - (i - blockStart)));
  }

  private static Path outDir(JobArgs args) {
    return Path.of(args.require("--out", "DIR (where the k,windowStart,count lines go)"));
  }

  @Override
  public Optional<OutputCheck> outputCheck(JobArgs args) {
    long keys = args.positiveLong("--keys", 100);
    long perKey = args.positiveLong("--per-key", 1000);
    long window = args.positiveLong("--window-ms", 100);
    Path out = outDir(args);
    return Optional.of(() -> WindowedCountOutput.check(out, keys, perKey, window));
  }
}
