package io.weir.runtime.task;

import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.Pipeline;
import io.weir.api.WindowedStream;
import io.weir.api.time.WatermarkStrategy;
import io.weir.api.window.CountAggregate;
import io.weir.api.window.WindowAssigner;
import io.weir.api.window.WindowResult;
import io.weir.connector.GeneratorSource;
import io.weir.testing.TestSinks.CollectingSink;
import java.time.Duration;

/** Window jobs for the in-memory runtime tests (public classes: tasks build them by name). */
public final class WindowJobs {
  private WindowJobs() {
  }

  /** Event {@code seq}: key seq % keys, event time from {@link #eventTime}. */
  public record Event(long key, long timestamp, long seq) {
  }

  /**
   * The event time of record {@code seq}: its rank among its key's records, reversed within blocks
   * of {@code disorder} (so at most disorder - 1 behind the latest), and {@code lateBy} earlier for
   * every {@code lateEvery}-th record (0: none).
   */
  public static long eventTime(long seq, int keys, int disorder, long lateEvery, long lateBy) {
    long t = seq / keys;
    long ts = t - Math.floorMod(t, disorder) + (disorder - 1 - Math.floorMod(t, disorder));
    return lateEvery > 0 && seq % lateEvery == lateEvery - 1 ? ts - lateBy : ts;
  }



  /**
   * Events keyed by key, counted per window by an aggregate or by a full-window function: args
   * --windows tumbling|sliding|session, --time event|processing, --function aggregate|process,
   * --size, --slide, --gap, --lateness (ms), --late (keep late records, sent to "SINK-late").
   */
  public static final class WindowedCounts implements Job {
    @Override
    public String name() {
      return "windowed-counts";
    }

    @Override
    public void build(Pipeline pipeline, JobArgs args) {
      long count = args.positiveLong("--count", 1000);
      int keys = args.positiveInt("--keys", 5);
      int disorder = args.positiveInt("--disorder", 10);
      long lateEvery = args.longValue("--late-every", 0);
      long lateBy = args.longValue("--late-by", 0);
      double rate = args.doubleValue("--rate", 0);
      long size = args.positiveLong("--size", 20);
      long slide = args.positiveLong("--slide", 5);
      long gap = args.positiveLong("--gap", 3);
      String sink = args.require("--sink", "(the collecting sink's name)");
      WindowAssigner assigner = switch (args.require("--windows", "tumbling|sliding|session")) {
        case "tumbling" -> WindowAssigner.tumbling(Duration.ofMillis(size));
        case "sliding" -> WindowAssigner.sliding(Duration.ofMillis(size), Duration.ofMillis(slide));
        default -> WindowAssigner.session(Duration.ofMillis(gap));
      };
      if (args.require("--time", "event|processing").equals("processing")) {
        assigner = assigner.inProcessingTime();
      }
      GeneratorSource<Event> events = GeneratorSource.bounded(count,
          n -> new Event(n % keys, eventTime(n, keys, disorder, lateEvery, lateBy), n));
      WindowedStream<Long, Event> windows = pipeline.source("events", rate > 0 ? events.withRate(rate) : events,
              WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(disorder))
                  .withTimestampAssigner(Event::timestamp).withEmitInterval(Duration.ofMillis(5)))
          .keyBy(Event::key)
          .window(assigner)
          .allowedLateness(Duration.ofMillis(args.longValue("--lateness", 0)));
      boolean late = args.flag("--late");
      if (late) {
        windows.sideOutputLateData();
      }
      WindowedStream.Result<WindowResult<Long, Long>, Event> result = args.require("--function", "aggregate|process")
          .equals("aggregate")
          ? windows.aggregate("window", new CountAggregate<Event>())
          : windows.process("window", (key, window, records, out) -> {
            long n = 0;
            for (Event ignored : records) {
              n++;
            }
            out.collect(new WindowResult<>(key, window.start(), window.end(), n));
          });
      result.sink("collect", new CollectingSink<>(sink));
      if (late) {
        result.lateRecords().sink("collect-late", new CollectingSink<>(sink + "-late"));
      }
    }
  }
}
