package io.weir.examples;

import io.weir.api.Collector;
import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.Pipeline;
import io.weir.api.RuntimeContext;
import io.weir.api.function.KeyedProcessFunction;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.connector.GeneratorSource;
import io.weir.connector.Sink;
import io.weir.connector.SinkContext;
import io.weir.connector.SinkWriter;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark job: a generator of {@code --events N} events (0: unbounded) over {@code --keys K}
 * keys in a scrambled order, a keyed count in keyed state (optionally with a {@code --value-bytes B} payload per key, to
 * make the state as large as wanted), and a sink that discards the counts, optionally throttled to
 * {@code --sink-rate R} records per second (a slow sink, for flow control).
 */
public final class KeyedCount implements Job {

  @Override
  public String name() {
    return "keyed-count";
  }

  @Override
  public String usage() {
    return "keyed-count --events N --keys K [--rate R] [--value-bytes B] [--sink-rate R]";
  }

  @Override
  public void build(Pipeline pipeline, JobArgs args) {
    long events = args.longValue("--events", 10_000_000);
    long keys = args.positiveLong("--keys", 10_000);
    double rate = args.doubleValue("--rate", 0);
    int valueBytes = (int) args.longValue("--value-bytes", 0);
    double sinkRate = args.doubleValue("--sink-rate", 0);
    GeneratorSource<Long> source = events > 0 ? GeneratorSource.bounded(events, n -> key(n, keys))
        : GeneratorSource.unbounded(n -> key(n, keys));
    pipeline.source("events", source.withRate(rate))
        .keyBy(key -> key)
        .process("count", new Count(valueBytes))
        .sink("discard", new DiscardSink(sinkRate));
  }

  /**
   * The key of event {@code n}: keys in a scrambled order, as in a real stream (consecutive events
   * rarely share a key or a neighbouring one), with every key about equally often.
   */
  public static long key(long n, long keys) {
    return Math.floorMod(n * 0x9E3779B97F4A7C15L, keys);
  }

  /** Counts per key; keeps a payload of {@code valueBytes} per key next to the count. */
  static final class Count extends KeyedProcessFunction<Long, Long, Long> {
    private final int valueBytes;
    private ValueState<Long> count;
    private ValueState<byte[]> payload;

    Count(int valueBytes) {
      this.valueBytes = valueBytes;
    }

    @Override
    public void open(RuntimeContext context) {
      count = context.getState(new ValueStateDescriptor<>("count"));
      if (valueBytes > 0) {
        payload = context.getState(new ValueStateDescriptor<>("payload"));
      }
    }

    @Override
    public void processElement(Long key, Context<Long> ctx, Collector<Long> out) {
      Long c = count.value();
      long next = c == null ? 1 : c + 1;
      count.update(next);
      if (c == null && payload != null) {
        byte[] bytes = new byte[valueBytes];
        java.util.Arrays.fill(bytes, (byte) key.longValue());
        payload.update(bytes);
      }
      out.collect(next);
    }
  }

  /** Discards records, at most {@code ratePerSecond} of them per second when set (it blocks, like a slow disk). */
  static final class DiscardSink implements Sink<Long> {
    private final double ratePerSecond;

    DiscardSink(double ratePerSecond) {
      this.ratePerSecond = ratePerSecond;
    }

    @Override
    public SinkWriter<Long> createWriter(SinkContext context) {
      double rate = ratePerSecond / context.parallelism();
      return new SinkWriter<>() {
        private final long start = System.nanoTime();
        private long written;

        @Override
        public void write(Long record) {
          written++;
          if (rate > 0) {
            long due = start + (long) (written / rate * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            }
          }
        }

        @Override
        public void close() {
        }
      };
    }

    @Override
    public Guarantee guarantee() {
      return Guarantee.AT_LEAST_ONCE;
    }
  }
}
