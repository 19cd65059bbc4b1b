package io.weir.runtime.task;

import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.JoinedStreams;
import io.weir.api.Pipeline;
import io.weir.api.Stream;
import io.weir.api.time.WatermarkStrategy;
import io.weir.api.window.WindowAssigner;
import io.weir.connector.GeneratorSource;
import io.weir.testing.TestSinks.CollectingSink;
import java.time.Duration;

/** Join jobs for the in-memory runtime tests (public classes: tasks build them by name). */
public final class JoinJobs {
  private JoinJobs() {
  }

  /** Record {@code seq} of one side: key seq % keys, event time seq × step. */
  public record Row(long key, long timestamp, long seq) {
  }

  /** A joined pair, by the sequence numbers of its rows. */
  public record Pair(long key, long left, long right) {
  }

  private static Stream<Row> side(Pipeline pipeline, String name, long count, int keys, long step, double rate) {
    GeneratorSource<Row> rows = GeneratorSource.bounded(count, n -> new Row(n % keys, n * step, n));
    return pipeline.source(name, rate > 0 ? rows.withRate(rate) : rows,
        WatermarkStrategy.<Row>forMonotonousTimestamps().withTimestampAssigner(Row::timestamp));
  }

  /**
   * Left rows (time seq × 2) joined with right rows (time seq × 3) by key: --join interval (--lower,
   * --upper ms), window (--size ms tumbling) or regular (--ttl ms; --right-rate limits the right side).
   */
  public static final class Joins implements Job {
    @Override
    public String name() {
      return "joins";
    }

    @Override
    public void build(Pipeline pipeline, JobArgs args) {
      long count = args.positiveLong("--count", 300);
      int keys = args.positiveInt("--keys", 5);
      String sink = args.require("--sink", "(the collecting sink's name)");
      Stream<Row> left = side(pipeline, "left", count, keys, 2, 0);
      Stream<Row> right = side(pipeline, "right", count, keys, 3, args.doubleValue("--right-rate", 0));
      JoinedStreams<Long, Row, Row> joined = left.keyBy(Row::key).join(right.keyBy(Row::key));
      Stream<Pair> pairs = switch (args.require("--join", "interval|window|regular")) {
        case "interval" -> joined.intervalJoin("join", Duration.ofMillis(args.longValue("--lower", 0)),
            Duration.ofMillis(args.longValue("--upper", 0)), (l, r) -> new Pair(l.key(), l.seq(), r.seq()));
        case "window" -> joined.windowJoin("join", WindowAssigner.tumbling(Duration.ofMillis(args.positiveLong("--size", 10))),
            (l, r) -> new Pair(l.key(), l.seq(), r.seq()));
        default -> joined.join("join", Duration.ofMillis(args.positiveLong("--ttl", 1000)),
            (l, r) -> new Pair(l.key(), l.seq(), r.seq()));
      };
      pairs.sink("collect", new CollectingSink<>(sink));
    }
  }
}
