package io.weir.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.api.Pipeline;
import io.weir.config.CheckpointMode;
import io.weir.config.Settings;
import io.weir.connector.FileSink;
import io.weir.connector.GeneratorSource;
import io.weir.connector.Sink;
import io.weir.connector.TransactionalFileSink;
import io.weir.connector.UpsertMapSink;
import io.weir.runtime.graph.JobGraph;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When restoring an older state than the newest completed checkpoint is allowed. */
class RestorePolicyTest {
  private static final Path OUT = Path.of("/tmp/restore-policy-test-never-written");

  @Test
  void idempotentAndAtLeastOnceSinksAllowTheFallback() {
    RestorePolicy policy = RestorePolicy.of(graph(new UpsertMapSink<Long>("m", String::valueOf, n -> n),
        new FileSink<Long>(OUT, String::valueOf)), settings(CheckpointMode.EXACTLY_ONCE, false));

    assertThat(policy.whyFallbackIsSafe()).isEqualTo("no sink of the job is transactional");
  }

  @Test
  void aTransactionalSinkRefusesTheFallbackNamingTheSink() {
    RestorePolicy policy = RestorePolicy.of(graph(new UpsertMapSink<Long>("m", String::valueOf, n -> n),
        new TransactionalFileSink<Long>(OUT, String::valueOf)), settings(CheckpointMode.EXACTLY_ONCE, false));

    assertThat(policy.whyFallbackIsSafe()).isNull();
    assertThat(policy.refusal("j-1", new CheckpointId(25), "state file chk-25/count-1-a0-keyed.state fails its checksum (corrupt)"))
        .hasMessage("checkpoint 25 of job j-1 is unusable: state file chk-25/count-1-a0-keyed.state fails its checksum"
            + " (corrupt); restoring an older checkpoint would repeat output that the transactional sink 'second'"
            + " already committed. Resume from a savepoint, or resubmit with --allow-fallback to accept duplicates");
  }

  @Test
  void atLeastOnceModeOrAllowFallbackAllowTheFallbackDespiteATransactionalSink() {
    JobGraph graph = graph(new FileSink<Long>(OUT, String::valueOf), new TransactionalFileSink<Long>(OUT, String::valueOf));

    assertThat(RestorePolicy.of(graph, settings(CheckpointMode.AT_LEAST_ONCE, false)).whyFallbackIsSafe())
        .isEqualTo("the job runs at-least-once");
    assertThat(RestorePolicy.of(graph, settings(CheckpointMode.EXACTLY_ONCE, true)).whyFallbackIsSafe())
        .contains("--allow-fallback");
  }

  /** {@code numbers -> first} and {@code numbers -> second}. */
  private static JobGraph graph(Sink<Long> first, Sink<Long> second) {
    Pipeline pipeline = new Pipeline("policy-test");
    var numbers = pipeline.source("numbers", GeneratorSource.unbounded(n -> n));
    numbers.sink("first", first);
    numbers.sink("second", second);
    return pipeline.graph().build(1, 128, false);
  }

  private static Settings.Checkpoint settings(CheckpointMode mode, boolean allowFallback) {
    return new Settings.Checkpoint(Duration.ZERO, mode, Duration.ofSeconds(60), Duration.ZERO, 1, 0, 2, "directory",
        "unused", Settings.CheckpointCopy.NONE, allowFallback);
  }
}
