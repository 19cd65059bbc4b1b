package io.weir.testing;

import io.weir.checkpoint.CheckpointCoordinator;
import io.weir.cluster.protocol.TaskAttempt;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The job as a {@link CheckpointCoordinator} sees it, for unit tests: the attempts the test says
 * run, whether the job can checkpoint, every message the coordinator sent (to whom), and every time
 * it gave up on checkpointing.
 */
public final class FakeCheckpointHost implements CheckpointCoordinator.Host {
  public record Sent(TaskAttempt to, Record message) {
  }

  public final List<TaskAttempt> running = new ArrayList<>();
  public final List<TaskAttempt> sources = new ArrayList<>();
  public final List<Sent> sent = new ArrayList<>();
  public final List<String> checkpointingFailures = new ArrayList<>();
  public boolean canCheckpoint = true;

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

  public <T> List<T> sent(Class<T> type) {
    return sent.stream().map(Sent::message).filter(type::isInstance).map(type::cast).toList();
  }

  public List<TaskAttempt> sentTo(Class<?> type) {
    return sent.stream().filter(s -> type.isInstance(s.message())).map(Sent::to).toList();
  }
}
