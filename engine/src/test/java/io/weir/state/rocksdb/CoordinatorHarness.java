package io.weir.state.rocksdb;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weir.checkpoint.CheckpointCoordinator;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.cluster.CoordinatorContext;
import io.weir.cluster.protocol.CheckpointComplete;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TriggerCheckpoint;
import io.weir.config.CheckpointMode;
import io.weir.config.Settings;
import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.GraphBuilder;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.graph.Partitioning;
import io.weir.runtime.graph.Vertex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The real {@link CheckpointCoordinator} of a two-task job (a source, then a keyed operator),
 * driven by hand: blocking work runs inline, timers never fire, and the messages it sends are
 * collected for the test to deliver.
 */
final class CoordinatorHarness implements CoordinatorContext, CheckpointCoordinator.Host {
  final JobId job = new JobId("incremental-test");
  final TaskAttempt source;
  final TaskAttempt keyed;
  final CheckpointCoordinator coordinator;
  final List<Record> sent = new ArrayList<>();
  private long now = 1;

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
    Settings.Checkpoint settings = new Settings.Checkpoint(Duration.ZERO, CheckpointMode.EXACTLY_ONCE,
        Duration.ofMinutes(1), Duration.ZERO, 1, 1000, retained, "directory", "unused");
    coordinator = new CheckpointCoordinator(job, graph, settings, storage, this, this, 1);
  }

  /** Triggers a checkpoint and returns its id. */
  long trigger() {
    sent.clear();
    coordinator.trigger(CheckpointCoordinator.Kind.PERIODIC, null);
    return sent.stream().filter(m -> m instanceof TriggerCheckpoint).map(m -> ((TriggerCheckpoint) m).barrier().id())
        .findFirst().orElseThrow(() -> new AssertionError("no checkpoint was triggered"));
  }

  /** Whether the coordinator told the keyed task that {@code id} completed. */
  boolean completed(long id) {
    return sent.stream().anyMatch(m -> m instanceof CheckpointComplete c && c.checkpointId() == id
        && c.attempt().equals(keyed));
  }

  @Override
  public long now() {
    return now++;
  }

  @Override
  public long setTimer(long delayMillis, Runnable action) {
    return now;
  }

  @Override
  public long setPeriodic(long periodMillis, Runnable action) {
    return now;
  }

  @Override
  public void cancelTimer(long id) {
  }

  @Override
  public <T> Future<T> executeBlocking(Callable<T> work) {
    try {
      return Future.succeededFuture(work.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Vertx vertx() {
    throw new UnsupportedOperationException("no savepoints in this harness");
  }

  @Override
  public Collection<TaskAttempt> runningTasks() {
    return List.of(source, keyed);
  }

  @Override
  public Collection<TaskAttempt> sourceTasks() {
    return List.of(source);
  }

  @Override
  public boolean canCheckpoint() {
    return true;
  }

  @Override
  public void send(TaskAttempt task, Record message) {
    sent.add(message);
  }

  @Override
  public void checkpointingFailed(String reason) {
    throw new AssertionError("checkpointing failed: " + reason);
  }
}
