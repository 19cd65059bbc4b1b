package io.weir.testing;

import io.weir.checkpoint.CheckpointCoordinator;
import io.weir.checkpoint.CheckpointHost;
import io.weir.cluster.protocol.TaskAttempt;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The job as a {@link CheckpointCoordinator} sees it, for unit tests: the attempts the test says
 * run, whether the job can checkpoint, every message the coordinator sent (to whom), and every time
 * it gave up on checkpointing.
 */
public final class FakeCheckpointHost implements CheckpointHost {
  public record Sent(TaskAttempt to, Record message) {
  }

  public final List<TaskAttempt> running = new ArrayList<>();
  public final List<TaskAttempt> sources = new ArrayList<>();
  public final List<Sent> sent = new ArrayList<>();
  public final List<String> checkpointingFailures = new ArrayList<>();
  public boolean canCheckpoint = true;
  /** When set, the job store's answer to recording a completed checkpoint: the test completes it. */
  public io.vertx.core.Promise<Void> recording;

  /** A host whose running attempts are {@code sources} and then {@code others}. */
  public static FakeCheckpointHost of(List<TaskAttempt> sources, List<TaskAttempt> others) {
    FakeCheckpointHost host = new FakeCheckpointHost();
    host.sources.addAll(sources);
    host.running.addAll(sources);
    host.running.addAll(others);
    return host;
  }

  @Override
  public Collection<TaskAttempt> runningTasks() {
    return List.copyOf(running);
  }

  @Override
  public Collection<TaskAttempt> sourceTasks() {
    return List.copyOf(sources);
  }

  @Override
  public boolean canCheckpoint() {
    return canCheckpoint;
  }

  @Override
  public void send(TaskAttempt task, Record message) {
    sent.add(new Sent(task, message));
  }

  @Override
  public void checkpointingFailed(String reason) {
    checkpointingFailures.add(reason);
  }

  @Override
  public io.vertx.core.Future<Void> recordCompleted(io.weir.checkpoint.CheckpointId checkpointId, String location) {
    return recording == null ? io.vertx.core.Future.succeededFuture() : recording.future();
  }

  public <T> List<T> sent(Class<T> type) {
    return sent.stream().map(Sent::message).filter(type::isInstance).map(type::cast).toList();
  }

  public List<TaskAttempt> sentTo(Class<?> type) {
    return sent.stream().filter(s -> type.isInstance(s.message())).map(Sent::to).toList();
  }
}
