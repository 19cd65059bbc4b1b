package io.weir.runtime.task;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weir.cluster.protocol.TaskReport;
import io.weir.runtime.network.ChannelTransport;
import java.util.concurrent.Callable;

/**
 * What a {@link StreamTask} needs from where it runs: sending, timers on its own ordered context,
 * blocking work off its thread, and a clock. The task verticle provides it on the event bus; unit
 * tests provide an in-memory one.
 */
public interface TaskEnvironment {
  Vertx vertx();

  ChannelTransport dataTransport();

  /**
   * Makes sure a receiver's data address is known on this node before data is sent to it: sends
   * {@code handshake} as a request, again and again until answered (or fails after a deadline).
   */
  Future<Void> connect(String dataAddress, io.weir.runtime.network.DataBatch handshake);

  /** Sends a control message (a credit grant) to another task. */
  void sendControl(String address, Record message);

  /** Sends a report to the leader coordinator. */
  void report(TaskReport report);

  long setTimer(long delayMillis, Runnable action);

  long setPeriodic(long periodMillis, Runnable action);

  void cancelTimer(long id);

  /** Runs {@code action} later on the task's own context, after what is already queued there. */
  void runOnContext(Runnable action);

  /** Runs blocking work on a worker thread; the future completes on the task's context. */
  <T> Future<T> executeBlocking(Callable<T> work);

  long currentTimeMillis();

  long nanoTime();
}
