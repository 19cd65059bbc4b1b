package io.weir.runtime.task;

import io.weir.api.Collector;
import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.Pipeline;
import io.weir.api.RuntimeContext;
import io.weir.api.function.KeyedProcessFunction;
import io.weir.api.state.StateTtlConfig;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.connector.GeneratorSource;
import io.weir.testing.TestSinks.CollectingSink;
import java.time.Duration;

/** Jobs with keyed state that expires, for the in-memory runtime tests (public classes: tasks build them by name). */
public final class TtlJobs {
  private TtlJobs() {
  }

  /** A key's count as the expiring count emits it. */
  public record KeyCount(long key, long count) {
  }

  /** numbers 0..--count-1 at --rate per second, keyed by n % --keys, counted per key in value state that expires after --ttl ms. */
  public static final class ExpiringCount implements Job {
    @Override
    public String name() {
      return "expiring-count";
    }

    @Override
    public void build(Pipeline pipeline, JobArgs args) {
      long count = args.positiveLong("--count", 10);
      int keys = args.positiveInt("--keys", 2);
      Duration ttl = Duration.ofMillis(args.positiveLong("--ttl", 1000));
      String sink = args.require("--sink", "(the collecting sink's name)");
      pipeline.source("numbers", GeneratorSource.bounded(count, n -> n).withRate(args.doubleValue("--rate", 1)))
          .keyBy(n -> n % keys)
          .process("count", new CountUntilQuiet(ttl))
          .sink("collect", new CollectingSink<>(sink));
    }
  }

  /** Counts a key's records; the count expires when the key has had no record for the time-to-live. */
  public static final class CountUntilQuiet extends KeyedProcessFunction<Long, Long, KeyCount> {
    private final Duration ttl;
    private ValueState<Long> count;

    public CountUntilQuiet(Duration ttl) {
      this.ttl = ttl;
    }

    @Override
    public void open(RuntimeContext context) {
      ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("count", 0L);
      descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl).build());
      count = context.getState(descriptor);
    }

    @Override
    public void processElement(Long value, Context<Long> ctx, Collector<KeyCount> out) {
      long next = count.value() + 1;
      count.update(next);
      out.collect(new KeyCount(ctx.currentKey(), next));
    }
  }
}
