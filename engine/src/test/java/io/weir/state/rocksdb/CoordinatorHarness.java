package io.weir.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.checkpoint.CheckpointCoordinator;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.cluster.protocol.CheckpointComplete;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TriggerCheckpoint;
import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.GraphBuilder;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.graph.Partitioning;
import io.weir.runtime.graph.Vertex;
import io.weir.testing.FakeCheckpointHost;
import io.weir.testing.FakeCoordinatorContext;
import io.weir.testing.TestSettings;
import java.util.List;

/**
 * The real {@link CheckpointCoordinator} of a two-task job (a source, then a keyed operator),
 * driven by hand: blocking work runs inline, the clock never moves so no timer fires, and the
 * messages it sends are collected for the test to deliver.
 */
final class CoordinatorHarness {
  final JobId job = new JobId("incremental-test");
  final TaskAttempt source;
  final TaskAttempt keyed;
  final CheckpointCoordinator coordinator;
  private final FakeCheckpointHost host;

  CoordinatorHarness(CheckpointStorage storage, int retained) {
    GraphBuilder b = new GraphBuilder("incremental-test");
    Vertex src = b.addSource("source", null);
    Vertex counter = b.addOperator("counter", "map", () -> null, true);
    Vertex sink = b.addSink("sink", null);
    b.connect(src, counter, Partitioning.HASH, x -> x);
    b.connect(counter, sink, Partitioning.FORWARD, null);
    JobGraph graph = b.build(1, 128, false);
    source = new TaskAttempt(job, new TaskId(graph.taskOfVertex(src.id()).id(), 0), 0);
    keyed = new TaskAttempt(job, new TaskId(graph.taskOfVertex(counter.id()).id(), 0), 0);
    host = FakeCheckpointHost.of(List.of(source), List.of(keyed));
    coordinator = new CheckpointCoordinator(job, graph,
        TestSettings.checkpoint().tolerableFailures(1000).retained(retained).build(), storage,
        new FakeCoordinatorContext(1), host, 1);
  }

  /** Triggers a checkpoint and returns its id. */
  long trigger() {
    assertThat(host.checkpointingFailures).as("checkpointing failed").isEmpty();
    host.sent.clear();
    coordinator.trigger(CheckpointCoordinator.Kind.PERIODIC, null);
    return host.sent(TriggerCheckpoint.class).stream().map(t -> t.barrier().id().value())
        .findFirst().orElseThrow(() -> new AssertionError("no checkpoint was triggered"));
  }

  /** Whether the coordinator told the keyed task that {@code id} completed. */
  boolean completed(long id) {
    return host.sent.stream().anyMatch(s -> s.message() instanceof CheckpointComplete c && c.checkpointId().value() == id
        && c.attempt().equals(keyed));
  }
}
