package io.weir.cluster.worker;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.weir.cluster.protocol.RegisterWorker;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.WorkerRegistered;
import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link LeaderLink} for unit tests: it writes down what the watch did, in words, and holds each
 * registration, presence connection and task stop open until the test answers it. No threads.
 */
final class FakeLeaderLink implements LeaderLink {
  static final String PRESENCE_HOST = "127.0.0.1";
  static final int PRESENCE_PORT = 7000;
  static final String LEADER_NODE = "node-leader";

  private final List<String> actions = new ArrayList<>();
  private final List<TaskAttempt> running = new ArrayList<>(List.of(
      new TaskAttempt(new JobId("job-000001"), new TaskId(0, 0), 1),
      new TaskAttempt(new JobId("job-000001"), new TaskId(1, 0), 1)));
  private Promise<WorkerRegistered> registration;
  private Promise<PresenceSocket> presence;
  private Promise<Void> stopping;
  private FakeSocket socket;
  boolean canRejoin;

  /** What the watch did since the last call, oldest first. */
  List<String> drain() {
    List<String> done = List.copyOf(actions);
    actions.clear();
    return done;
  }

  void note(String action) {
    actions.add(action);
  }

  int runningCount() {
    return running.size();
  }

  /** The leader answers the latest registration (one sent before it stays pending). */
  void answer(long epoch, long heartbeatTimeoutMs) {
    pending(registration, "registration").complete(new WorkerRegistered(epoch, LEADER_NODE, heartbeatTimeoutMs / 3,
        heartbeatTimeoutMs, PRESENCE_HOST, PRESENCE_PORT));
  }

  /** No coordinator answers the latest registration. */
  void failRegistration(String why) {
    pending(registration, "registration").fail(why);
  }

  boolean registrationPending() {
    return registration != null && !registration.future().isComplete();
  }

  void presenceConnects() {
    socket = new FakeSocket();
    pending(presence, "presence connection").complete(socket);
  }

  void presenceFails(String why) {
    pending(presence, "presence connection").fail(why);
  }

  FakeSocket socket() {
    return socket;
  }

  void tasksStopped() {
    running.clear();
    pending(stopping, "task stop").complete();
  }

  private static <T> Promise<T> pending(Promise<T> p, String what) {
    if (p == null || p.future().isComplete()) {
      throw new AssertionError("the watch has no " + what + " pending");
    }
    return p;
  }

  @Override
  public Future<WorkerRegistered> register(RegisterWorker request) {
    actions.add("register " + request.name() + " as " + request.incarnation() + " with " + request.slots() + " slots");
    registration = Promise.promise();
    return registration.future();
  }

  @Override
  public Future<PresenceSocket> connectPresence(String host, int port) {
    actions.add("connect presence " + host + ":" + port);
    presence = Promise.promise();
    return presence.future();
  }

  @Override
  public List<TaskAttempt> runningTasks() {
    return List.copyOf(running);
  }

  @Override
  public Future<Void> stopTasks(String reason) {
    actions.add("stop " + running.size() + " tasks: " + reason);
    stopping = Promise.promise();
    return stopping.future();
  }

  @Override
  public Future<Void> renewAddress() {
    actions.add("renew address");
    return Future.succeededFuture();
  }

  @Override
  public boolean canRejoin() {
    return canRejoin;
  }

  @Override
  public void rejoin() {
    actions.add("rejoin the cluster");
  }

  /** A presence connection that records what was written and whether it was closed. */
  final class FakeSocket implements PresenceSocket {
    private Runnable onClose = () -> { };
    private boolean closed;

    @Override
    public void write(Buffer bytes) {
      actions.add("send hello '" + bytes.toString().replace("\n", "\\n") + "'");
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        actions.add("close presence");
        onClose.run();
      }
    }

    @Override
    public void closeHandler(Runnable onClose) {
      this.onClose = onClose;
    }

    /** The leader's side closes the connection. */
    void closedByLeader() {
      closed = true;
      onClose.run();
    }

    boolean closed() {
      return closed;
    }
  }
}
