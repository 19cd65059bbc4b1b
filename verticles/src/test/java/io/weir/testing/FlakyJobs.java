package io.weir.testing;

import io.weir.api.Collector;
import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.Pipeline;
import io.weir.api.RuntimeContext;
import io.weir.api.function.KeyedProcessFunction;
import io.weir.api.function.MapFunction;
import io.weir.api.function.RichFunction;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.connector.GeneratorSource;
import io.weir.connector.TransactionalFileSink;
import java.nio.file.Path;

/** Jobs whose user code throws on purpose, in their first attempts, for the recovery tests. */
public final class FlakyJobs {
  private FlakyJobs() {
  }

  /**
   * {@code checked-count} whose counting function throws while the attempt number is below
   * {@code --fail-attempts} (-1: always), when key 0 reaches half its count.
   */
  public static final class FlakyCount implements Job {
    @Override
    public String name() {
      return "flaky-count";
    }

    @Override
    public void build(Pipeline pipeline, JobArgs args) {
      long keys = args.positiveLong("--keys", 100);
      long perKey = args.positiveLong("--per-key", 100);
      double rate = args.doubleValue("--rate", 0);
      int failAttempts = (int) args.longValue("--fail-attempts", 1);
      Path out = Path.of(args.require("--out", "DIR"));
      pipeline.source("events", GeneratorSource.bounded(keys * perKey, n -> n % keys).withRate(rate))
          .keyBy(k -> k)
          .process("count", new KeyedProcessFunction<Long, Long, String>() {
            private ValueState<Long> count;
            private int attempt;

            @Override
            public void open(RuntimeContext context) {
              count = context.getState(new ValueStateDescriptor<>("count", 0L));
              attempt = context.attemptNumber();
            }

            @Override
            public void processElement(Long key, Context<Long> ctx, Collector<String> collector) {
              long c = count.value() + 1;
              if (key == 0 && c == perKey / 2 && (failAttempts < 0 || attempt < failAttempts)) {
                throw new IllegalStateException("injected failure in attempt " + attempt);
              }
              count.update(c);
              collector.collect(key + "," + c);
            }
          })
          .sink("output", new TransactionalFileSink<>(out, line -> line));
    }
  }

  /**
   * A forward-only pipeline (one failover region per subtask): numbers 0..N-1 through a map that
   * throws in subtask {@code --fail-subtask} at number {@code --fail-at} while the attempt is below
   * {@code --fail-attempts}, into files of lines {@code n}.
   */
  public static final class FlakyPipeline implements Job {
    @Override
    public String name() {
      return "flaky-pipeline";
    }

    @Override
    public void build(Pipeline pipeline, JobArgs args) {
      long count = args.positiveLong("--count", 10_000);
      double rate = args.doubleValue("--rate", 0);
      long failAt = args.longValue("--fail-at", count / 2);
      int failSubtask = (int) args.longValue("--fail-subtask", 0);
      int failAttempts = (int) args.longValue("--fail-attempts", 1);
      Path out = Path.of(args.require("--out", "DIR"));
      pipeline.source("numbers", GeneratorSource.bounded(count, n -> n).withRate(rate))
          .map("maybe-fail", new FailingMap(failAt, failSubtask, failAttempts))
          .sink("output", new TransactionalFileSink<>(out, n -> Long.toString(n)));
    }
  }

  /** Throws at one number in one subtask while the attempt number is low. */
  static final class FailingMap implements MapFunction<Long, Long>, RichFunction {
    private final long failAt;
    private final int failSubtask;
    private final int failAttempts;
    private boolean armed;

    FailingMap(long failAt, int failSubtask, int failAttempts) {
      this.failAt = failAt;
      this.failSubtask = failSubtask;
      this.failAttempts = failAttempts;
    }

    @Override
    public void open(RuntimeContext context) {
      armed = context.subtaskIndex() == failSubtask && (failAttempts < 0 || context.attemptNumber() < failAttempts);
    }

    @Override
    public Long map(Long n) {
      if (armed && n == failAt) {
        throw new IllegalStateException("injected failure at " + n);
      }
      return n;
    }
  }
}
