package io.weir.examples.nexmark;

import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.Pipeline;
import io.weir.api.Stream;
import io.weir.api.time.WatermarkStrategy;
import io.weir.connector.FileSink;
import io.weir.connector.GeneratorSource;
import io.weir.connector.TransactionalFileSink;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Nexmark query on the reference generator: {@code --events N} events (event time advancing at
 * {@code --event-rate} events per second, optionally shuffled within groups of
 * {@code --out-of-order G}), split over the source's subtasks and replayable from a checkpoint, a
 * bounded-out-of-orderness watermark that covers the shuffle, and the query's lines written to
 * {@code --out DIR} (transactionally; {@code --sink files} for plain files) or discarded.
 */
public final class Nexmark implements Job {
  /** The event time of event 0: 2026-01-01T00:00:00Z, a multiple of every window size used. */
  public static final long BASE_TIME = 1_767_225_600_000L;

  @Override
  public String name() {
    return "nexmark";
  }

  @Override
  public String usage() {
    return "nexmark --query q0|q1|q2|q3|q4|q5|q7|q8|q11 --events N [--event-rate EVENTS_PER_S] [--out-of-order G]"
        + " [--rate EVENTS_PER_S] [--window-ms W --slide-ms S --gap-ms G] [--out DIR [--sink transactional|files]]";
  }

  /** The generator the arguments describe. */
  public static NexmarkGenerator generator(JobArgs args) {
    return new NexmarkGenerator(BASE_TIME, args.doubleValue("--event-rate", 10_000), args.positiveInt("--out-of-order", 1));
  }

  /** The window sizes the arguments give (the reference sizes by default). */
  public static NexmarkQueries.Params params(JobArgs args) {
    NexmarkQueries.Params r = NexmarkQueries.Params.REFERENCE;
    return new NexmarkQueries.Params(args.positiveLong("--window-ms", r.windowMillis()),
        args.positiveLong("--slide-ms", r.slideMillis()), args.positiveLong("--gap-ms", r.gapMillis()));
  }

  /** The generator as a source of {@code events} events whose watermark covers its disorder. */
  public static Stream<NexmarkEvent> events(Pipeline pipeline, JobArgs args) {
    long events = args.positiveLong("--events", 1_000_000);
    double rate = args.doubleValue("--rate", 0);
    if (rate < 0) {
      throw args.error("--rate must not be negative, got " + rate);
    }
    NexmarkGenerator generator = generator(args);
    return pipeline.source("nexmark", GeneratorSource.bounded(events, generator::event).withRate(rate),
        WatermarkStrategy.<NexmarkEvent>forBoundedOutOfOrderness(Duration.ofMillis(generator.maxOutOfOrdernessMillis()))
            .withTimestampAssigner(NexmarkEvent::dateTime));
  }

  @Override
  public void build(Pipeline pipeline, JobArgs args) {
    String query = args.require("--query", "q0|q1|q2|q3|q4|q5|q7|q8|q11");
    if (!NexmarkQueries.QUERIES.contains(query)) {
      throw args.error("unknown --query '" + query + "' (known: " + String.join(", ",
          NexmarkQueries.QUERIES.stream().sorted().toList()) + ")");
    }
    String out = args.string("--out", null);
    if (out == null) {
      // the results are discarded unformatted: a run without output measures the query, not number formatting
      NexmarkQueries.results(query, events(pipeline, args), params(args)).sink("output", new DiscardSink<>());
      return;
    }
    Stream<String> lines = NexmarkQueries.build(query, events(pipeline, args), params(args));
    String sink = args.string("--sink", "transactional");
    switch (sink) {
      case "transactional" -> lines.sink("output", new TransactionalFileSink<String>(Path.of(out), line -> line));
      case "files" -> lines.sink("output", new FileSink<String>(Path.of(out), line -> line));
      default -> throw args.error("--sink must be transactional or files, got '" + sink + "'");
    }
  }
}
