package io.weir.examples;

import io.weir.api.Collector;
import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.Pipeline;
import io.weir.api.RuntimeContext;
import io.weir.api.function.KeyedProcessFunction;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.connector.FileSink;
import io.weir.connector.GeneratorSource;
import io.weir.connector.Sink;
import io.weir.connector.TransactionalFileSink;
import io.weir.connector.UpsertMapSink;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The job that proves Weir's guarantees: a generator emits {@code --per-key M} events for each of
 * {@code --keys K} keys (event n has key n mod K); a keyed operator keeps a running count per key
 * in keyed state; the sink writes one line {@code key,count} per event into {@code --out DIR}.
 * A correct run writes every line {@code k,c} (k in 0..K-1, c in 1..M) exactly once: a lost event
 * leaves a line missing, a replayed one that was counted twice writes a line twice or a count past M.
 */
public final class CheckedCount implements Job {

  @Override
  public String name() {
    return "checked-count";
  }

  @Override
  public String usage() {
    return "checked-count --keys K --per-key M [--rate EVENTS_PER_S] --out DIR [--sink transactional|files]"
        + " | checked-count ... --sink imap --map NAME";
  }

  @Override
  public void build(Pipeline pipeline, JobArgs args) {
    long keys = args.positiveLong("--keys", 100);
    long perKey = args.positiveLong("--per-key", 1000);
    double rate = args.doubleValue("--rate", 0);
    if (rate < 0) {
      throw args.error("--rate must not be negative, got " + rate);
    }
    String sinkKind = args.string("--sink", "transactional");
    Sink<String> sink = switch (sinkKind) {
      case "transactional" -> new TransactionalFileSink<String>(outDir(args), line -> line);
      case "files" -> new FileSink<String>(outDir(args), line -> line);
      // idempotent: the line is the key, so a replayed line overwrites itself
      case "imap" -> new UpsertMapSink<String>(args.require("--map", "NAME (an IMap, best named weir.*)"), line -> line,
          line -> Long.parseLong(line.substring(line.indexOf(',') + 1)));
      default -> throw args.error("--sink must be transactional, files or imap, got '" + sinkKind + "'");
    };
    if (keys > Long.MAX_VALUE / perKey) {
      throw args.error("--keys × --per-key is too large");
    }
    pipeline.source("events", GeneratorSource.bounded(keys * perKey, n -> n % keys).withRate(rate))
        .keyBy(key -> key)
        .process("count", new RunningCount())
        .sink("output", sink);
  }

  private static Path outDir(JobArgs args) {
    return Path.of(args.require("--out", "DIR (where the key,count lines go)"));
  }

  @Override
  public Optional<OutputCheck> outputCheck(JobArgs args) {
    long keys = args.positiveLong("--keys", 100);
    long perKey = args.positiveLong("--per-key", 1000);
    String sink = args.string("--sink", "transactional");
    if (sink.equals("imap")) {
      return Optional.empty(); // the map lives in the cluster; a test reads it there
    }
    Path out = outDir(args);
    return Optional.of(() -> CheckedCountOutput.check(out, keys, perKey, sink.equals("transactional")));
  }

  /** Counts the events of each key and emits {@code key,count} for each. */
  static final class RunningCount extends KeyedProcessFunction<Long, Long, String> {
    private ValueState<Long> count;

    @Override
    public void open(RuntimeContext context) {
      count = context.getState(new ValueStateDescriptor<>("count", 0L));
    }

    @Override
    public void processElement(Long key, Context<Long> ctx, Collector<String> out) {
      long c = count.value() + 1;
      count.update(c);
      out.collect(key + "," + c);
    }
  }
}
