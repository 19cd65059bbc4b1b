package io.weir.testjobs;

import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.Pipeline;
import io.weir.connector.GeneratorSource;
import io.weir.connector.Sink;
import io.weir.connector.SinkContext;
import io.weir.connector.SinkWriter;
import io.weir.runtime.graph.JobGraph;
import java.util.List;

/**
 * Small jobs for the coordinator's unit tests, defined here and found by class name (nothing is
 * registered). The tests never run their tasks: only the graphs they build matter.
 */
public final class TestJobs {
  private TestJobs() {
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

  /** A sink that drops everything. */
  public static final class DiscardingSink<T> implements Sink<T> {
    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
      return new SinkWriter<>() {
        @Override
        public void write(T record) {
        }

        @Override
        public void close() {
        }
      };
    }

    @Override
    public Guarantee guarantee() {
      return Guarantee.EXACTLY_ONCE;
    }
  }
}
