package io.weir.runtime.task;

import io.weir.api.Collector;
import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.Pipeline;
import io.weir.api.function.KeyedProcessFunction;
import io.weir.api.time.WatermarkStrategy;
import io.weir.connector.GeneratorSource;
import io.weir.testing.TestSinks.CollectingSink;

/** Event-time jobs for the in-memory runtime tests (public classes: tasks build them by name). */
public final class EventTimeJobs {
  private EventTimeJobs() {
  }

  /** An event-time timer that fired: its key and time, and the watermark it fired at. */
  public record Fired(long key, long timestamp, long watermark) {
  }

  /**
   * Numbers 0..count-1 with event time n (monotonous per split), keyed by n % keys; each record sets
   * an event-time timer at n + 50, and each timer emits a {@link Fired}.
   */
  public static final class EventTimers implements Job {
    @Override
    public String name() {
      return "event-timers";
    }

    @Override
    public void build(Pipeline pipeline, JobArgs args) {
      long count = args.positiveLong("--count", 1000);
      int keys = args.positiveInt("--keys", 7);
      double rate = args.doubleValue("--rate", 0);
      String sink = args.require("--sink", "(the collecting sink's name)");
      GeneratorSource<Long> numbers = GeneratorSource.bounded(count, n -> n);
      pipeline.source("numbers", rate > 0 ? numbers.withRate(rate) : numbers,
              WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner(n -> n))
          .keyBy(n -> n % keys)
          .process("timers", new KeyedProcessFunction<Long, Long, Fired>() {
            @Override
            public void processElement(Long value, Context<Long> ctx, Collector<Fired> out) {
              if (ctx.timestamp() != value) {
                throw new IllegalStateException("record " + value + " arrived with event time " + ctx.timestamp());
              }
              ctx.timerService().registerEventTimeTimer(value + 50);
            }

            @Override
            public void onTimer(long timestamp, Context<Long> ctx, Collector<Fired> out) {
              out.collect(new Fired(ctx.currentKey(), timestamp, ctx.timerService().currentWatermark()));
            }
          })
          .sink("collect", new CollectingSink<>(sink));
    }
  }
}
