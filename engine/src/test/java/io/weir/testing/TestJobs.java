package io.weir.testing;

import io.weir.api.Collector;
import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.Pipeline;
import io.weir.api.RuntimeContext;
import io.weir.api.Stream;
import io.weir.api.function.KeyedProcessFunction;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.connector.GeneratorSource;
import io.weir.runtime.graph.JobGraph;
import io.weir.testing.TestSinks.CollectingSink;
import io.weir.testing.TestSinks.DiscardingSink;
import io.weir.testing.TestSinks.GatedSink;
import java.util.List;

/**
 * The jobs of the engine's tests, found by class name (nothing is registered), so they are public
 * classes with public constructors. The in-memory runtime runs {@link KeyedCount}, {@link Gated} and
 * {@link Exploding}, whose sinks ({@link TestSinks}) reach the test through a name it passes as
 * {@code --sink}; the coordinator's tests only build the graphs of {@link ForwardJob} and
 * {@link KeyedJob} ({@link #graph}) and never run their tasks.
 */
public final class TestJobs {
  private TestJobs() {
  }

  /** A key's running count, as the keyed count job emits it. */
  public record KeyCount(String key, long count) {
  }

  /** The name of the keyed count's value state. */
  public static final String COUNT_STATE = "count";

  /** The key the keyed count gives number {@code n}. */
  public static String keyOf(long n, int keys) {
    return "k" + (n % keys);
  }

  private static GeneratorSource<Long> numbers(JobArgs args) {
    long count = args.longValue("--count", -1);
    GeneratorSource<Long> source = count < 0 ? GeneratorSource.unbounded(n -> n) : GeneratorSource.bounded(count, n -> n);
    double rate = args.doubleValue("--rate", 0);
    return rate > 0 ? source.withRate(rate) : source;
  }

  /** numbers -> keyBy(n % {@code --keys}) -> {@code function} as operator {@code name} -> the collecting sink {@code --sink}. */
  private static <O> void keyed(Pipeline pipeline, JobArgs args, String name, KeyedProcessFunction<String, Long, O> function) {
    int keys = args.positiveInt("--keys", 7);
    String sink = args.require("--sink", "(the collecting sink's name)");
    pipeline.source("numbers", numbers(args))
        .keyBy(n -> keyOf(n, keys))
        .process(name, function)
        .sink("collect", new CollectingSink<>(sink));
  }

  /** numbers -> keyBy(n % keys) -> count per key (value state) -> collecting sink. */
  public static final class KeyedCount implements Job {
    @Override
    public String name() {
      return "keyed-count";
    }

    @Override
    public void build(Pipeline pipeline, JobArgs args) {
      keyed(pipeline, args, "count", new CountPerKey());
    }
  }

  /** Counts the records of each key in value state and emits the new count. */
  public static final class CountPerKey extends KeyedProcessFunction<String, Long, KeyCount> {
    private ValueState<Long> count;

    @Override
    public void open(RuntimeContext context) {
      count = context.getState(new ValueStateDescriptor<>(COUNT_STATE));
    }

    @Override
    public void processElement(Long value, Context<String> ctx, Collector<KeyCount> out) {
      Long c = count.value();
      long next = c == null ? 1 : c + 1;
      count.update(next);
      out.collect(new KeyCount(ctx.currentKey(), next));
    }
  }

  /** The time of the processing-time timer {@link TimerPerKey} sets for every key: far beyond any test's clock. */
  public static final long FAR_TIMER = 1L << 50;

  /** numbers -> keyBy(n % keys) -> a processing-time timer at {@link #FAR_TIMER} per key -> collecting sink. */
  public static final class TimerPerKey implements Job {
    @Override
    public String name() {
      return "timer-per-key";
    }

    @Override
    public void build(Pipeline pipeline, JobArgs args) {
      keyed(pipeline, args, "timers", new KeyedProcessFunction<String, Long, Long>() {
        @Override
        public void processElement(Long value, Context<String> ctx, Collector<Long> out) {
          ctx.timerService().registerProcessingTimeTimer(FAR_TIMER);
          out.collect(value);
        }
      });
    }
  }

  /** numbers -> (rebalance unless --chained) -> a sink that takes records only while the test lets it. */
  public static final class Gated implements Job {
    @Override
    public String name() {
      return "gated";
    }

    @Override
    public void build(Pipeline pipeline, JobArgs args) {
      String sink = args.require("--sink", "(the gate's name)");
      Stream<Long> numbers = pipeline.source("numbers", numbers(args));
      (args.flag("--chained") ? numbers : numbers.rebalance()).sink("gated", new GatedSink(sink));
    }
  }

  /**
   * numbers feeding two branches in the source's task: filter 'even' -> a sink that takes records only
   * while the test lets it (the gate {@code --sink}), and map 'tenfold' -> collecting sink
   * {@code --sink}-tenfold, chained too, or behind a rebalance with {@code --rebalance}.
   */
  public static final class FanOut implements Job {
    @Override
    public String name() {
      return "fan-out";
    }

    @Override
    public void build(Pipeline pipeline, JobArgs args) {
      String sink = args.require("--sink", "(the gate's name)");
      Stream<Long> numbers = pipeline.source("numbers", numbers(args));
      numbers.filter("even", n -> n % 2 == 0).sink("gated", new GatedSink(sink));
      Stream<Long> tenfold = numbers.map("tenfold", n -> n * 10);
      (args.flag("--rebalance") ? tenfold.rebalance() : tenfold).sink("collect", new CollectingSink<>(sink + "-tenfold"));
    }
  }

  /** numbers -> (rebalance unless --chained) -> map 'explode' that throws on --fail-at -> collecting sink. */
  public static final class Exploding implements Job {
    @Override
    public String name() {
      return "exploding";
    }

    @Override
    public void build(Pipeline pipeline, JobArgs args) {
      long failAt = args.longValue("--fail-at", 0);
      boolean chained = args.flag("--chained");
      String sink = args.require("--sink", "(the collecting sink's name)");
      Stream<Long> numbers = pipeline.source("numbers", numbers(args));
      (chained ? numbers : numbers.rebalance())
          .map("explode", n -> {
            if (n == failAt) {
              throw new IllegalStateException("cannot handle " + n);
            }
            return n;
          })
          .sink("collect", new CollectingSink<>(sink));
    }
  }

  /**
   * {@code numbers -> out}, forward-connected but not chained: two tasks whose subtask i only talk
   * to each other, so with parallelism p the job has p independent failover regions.
   */
  public static final class ForwardJob implements Job {
    @Override
    public String name() {
      return "forward-test";
    }

    @Override
    public void build(Pipeline pipeline, JobArgs args) {
      pipeline.source("numbers", GeneratorSource.unbounded(n -> n))
          .sink("out", new DiscardingSink<>())
          .disableChaining();
    }
  }

  /** {@code numbers -(hash)-> sum -> out}: a source task and a keyed task ({@code sum -> out}). */
  public static final class KeyedJob implements Job {
    @Override
    public String name() {
      return "keyed-test";
    }

    @Override
    public void build(Pipeline pipeline, JobArgs args) {
      pipeline.source("numbers", GeneratorSource.unbounded(n -> n))
          .keyBy(n -> n % 10)
          .reduce("sum", Long::sum)
          .sink("out", new DiscardingSink<>());
    }
  }

  /** The graph {@code job} builds at {@code parallelism}, with {@code maxParallelism} key groups. */
  public static JobGraph graph(Job job, int parallelism, int maxParallelism) {
    Pipeline pipeline = new Pipeline(job.name());
    job.build(pipeline, new JobArgs(job.name(), List.of()));
    return pipeline.graph().build(parallelism, maxParallelism, false);
  }
}
