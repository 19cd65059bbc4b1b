package io.weir.cluster.worker;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.weir.cluster.protocol.RegisterWorker;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.WorkerRegistered;
import java.util.List;

/**
 * What the {@link LeaderWatch} does to reach the leader and to act on the worker: the worker
 * verticle implements it over the event bus and a TCP client, unit tests with fakes.
 */
public interface LeaderLink {
  /** Sends the registration to whichever coordinator leads; fails when none answers in time. */
  Future<WorkerRegistered> register(RegisterWorker request);

  /** Opens a TCP connection to the leader's presence port. */
  Future<PresenceSocket> connectPresence(String host, int port);

  /** The task attempts the worker runs now. */
  List<TaskAttempt> runningTasks();

  /** Stops every task the worker runs; completes when they are stopped (failures included). */
  Future<Void> stopTasks(String reason);

  /** Registers the worker's event-bus address afresh (the cluster may have dropped it while the leader was lost). */
  Future<Void> renewAddress();

  /** Whether the worker's owner can make it leave the cluster and join afresh when it is stranded. */
  boolean canRejoin();

  /** Makes the worker leave the cluster and join afresh (called at most once, only when {@link #canRejoin}). */
  void rejoin();

  /** One open presence connection. */
  interface PresenceSocket {
    void write(Buffer bytes);

    void close();

    /** {@code onClose} runs once when the connection closes, from either side. */
    void closeHandler(Runnable onClose);
  }
}
