package io.weir.runtime.task;

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
import io.weir.connector.Sink;
import io.weir.connector.SinkContext;
import io.weir.connector.SinkWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs for the in-memory runtime tests. Tasks build their graph from a job's class name, so these
 * are public classes with public constructors; sinks reach the test through static registries keyed
 * by a name the test passes as {@code --sink}.
 */
public final class TestJobs {
  private TestJobs() {
  }

  /** A key's running count, as the keyed count job emits it. */
  public record KeyCount(String key, long count) {
  }

  /** The name of the keyed count's value state. */
  public static final String COUNT_STATE = "count";

  static String keyOf(long n, int keys) {
    return "k" + (n % keys);
  }

  private static GeneratorSource<Long> numbers(JobArgs args) {
    long count = args.longValue("--count", -1);
    GeneratorSource<Long> source = count < 0 ? GeneratorSource.unbounded(n -> n) : GeneratorSource.bounded(count, n -> n);
    double rate = args.doubleValue("--rate", 0);
    return rate > 0 ? source.withRate(rate) : source;
  }

  /** numbers -> keyBy(n % keys) -> count per key (value state) -> collecting sink. */
  public static final class KeyedCount implements Job {
    @Override
    public String name() {
      return "keyed-count";
    }

    @Override
    public void build(Pipeline pipeline, JobArgs args) {
      int keys = args.positiveInt("--keys", 7);
      String sink = args.require("--sink", "(the collecting sink's name)");
      pipeline.source("numbers", numbers(args))
          .keyBy(n -> keyOf(n, keys))
          .process("count", new CountPerKey())
          .sink("collect", new CollectingSink<>(sink));
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

  /** Keeps what each subtask wrote, for the test to read; records whether each subtask saw its end of input. */
  public static final class CollectingSink<T> implements Sink<T> {
    private static final Map<String, Map<Integer, List<Object>>> WRITTEN = new ConcurrentHashMap<>();
    private static final Map<String, List<Integer>> ENDED = new ConcurrentHashMap<>();
    private final String name;

    public CollectingSink(String name) {
      this.name = name;
    }

    /** Every record written under {@code name}, by subtask. */
    public static Map<Integer, List<Object>> written(String name) {
      return new TreeMap<>(WRITTEN.getOrDefault(name, Map.of()));
    }

    public static List<Object> all(String name) {
      List<Object> all = new ArrayList<>();
      written(name).values().forEach(all::addAll);
      return all;
    }

    public static List<Integer> ended(String name) {
      return ENDED.getOrDefault(name, List.of());
    }

    public static void forget(String name) {
      WRITTEN.remove(name);
      ENDED.remove(name);
    }

    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
      List<Object> mine = Collections.synchronizedList(new ArrayList<>());
      WRITTEN.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).put(context.subtaskIndex(), mine);
      return new SinkWriter<>() {
        @Override
        public void write(T record) {
          mine.add(record);
        }

        @Override
        public void endOfInput() {
          ENDED.computeIfAbsent(name, n -> Collections.synchronizedList(new ArrayList<>())).add(context.subtaskIndex());
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

  /**
   * A sink that accepts a quota of records, then tells its task it is not writable until the test
   * grants more ({@link Gate#allow}); it keeps every record it was given.
   */
  public static final class GatedSink implements Sink<Long> {
    private final String name;

    public GatedSink(String name) {
      this.name = name;
    }

    @Override
    public SinkWriter<Long> createWriter(SinkContext context) {
      Gate gate = Gate.named(name);
      gate.contexts.put(context.subtaskIndex(), context);
      List<Object> mine = Collections.synchronizedList(new ArrayList<>());
      gate.received.put(context.subtaskIndex(), mine);
      return new SinkWriter<>() {
        @Override
        public void write(Long record) {
          mine.add(record);
          gate.accepted++;
          if (gate.accepted >= gate.quota) {
            context.setWritable(false);
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

  /** The test's handle on a {@link GatedSink}: how many records its writers may accept in all. */
  public static final class Gate {
    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();
    final Map<Integer, SinkContext> contexts = new ConcurrentHashMap<>();
    final Map<Integer, List<Object>> received = new ConcurrentHashMap<>();
    long quota;
    long accepted;

    static Gate named(String name) {
      return GATES.computeIfAbsent(name, n -> new Gate());
    }

    static void forget(String name) {
      GATES.remove(name);
    }

    /** Lets the writers accept {@code more} records in all; call on the tasks' thread. */
    void allow(long more) {
      quota = accepted + more;
      contexts.values().forEach(c -> c.setWritable(true));
    }

    long accepted() {
      return accepted;
    }

    List<Object> all() {
      List<Object> all = new ArrayList<>();
      new TreeMap<>(received).values().forEach(all::addAll);
      return all;
    }
  }
}
