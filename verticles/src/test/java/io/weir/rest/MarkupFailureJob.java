package io.weir.rest;

import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.Pipeline;
import io.weir.api.RuntimeContext;
import io.weir.api.function.MapFunction;
import io.weir.api.function.RichFunction;
import io.weir.connector.GeneratorSource;
import io.weir.connector.TransactionalFileSink;
import java.nio.file.Path;

/**
 * A keyed pipeline whose map throws once with markup in the message: what a dashboard that inserted
 * server strings as HTML would run. "Once" is per JVM (the tests run it on a local cluster), so a
 * first attempt replaced for another reason before it threw does not lose the failure.
 */
public final class MarkupFailureJob implements Job {
  /** The failure's message; its handler would mark the page if it ever ran. */
  public static final String MARKUP = "<img src=x onerror=\"document.body.setAttribute('data-pwned','yes')\">";

  @Override
  public String name() {
    return "markup-failure";
  }

  @Override
  public void build(Pipeline pipeline, JobArgs args) {
    long count = args.positiveLong("--count", 1_000_000);
    double rate = args.doubleValue("--rate", 2000);
    long failAt = args.longValue("--fail-at", 500);
    Path out = Path.of(args.require("--out", "DIR"));
    pipeline.source("numbers", GeneratorSource.bounded(count, n -> n).withRate(rate))
        .map("parse", new FailOnce(failAt))
        .keyBy(n -> n % 16)
        .reduce("sum", Long::sum)
        .sink("output", new TransactionalFileSink<>(out, n -> Long.toString(n)));
  }

  private static final java.util.concurrent.atomic.AtomicBoolean FIRED = new java.util.concurrent.atomic.AtomicBoolean();

  static final class FailOnce implements MapFunction<Long, Long>, RichFunction {
    private final long failAt;
    private boolean armed;

    FailOnce(long failAt) {
      this.failAt = failAt;
    }

    @Override
    public void open(RuntimeContext context) {
      armed = context.subtaskIndex() == 0 && !FIRED.get();
    }

    @Override
    public Long map(Long n) {
      if (armed && n >= failAt && FIRED.compareAndSet(false, true)) {
        throw new IllegalStateException(MARKUP);
      }
      return n;
    }
  }
}
