package io.weir.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.weir.cluster.protocol.CancelTask;
import io.weir.runtime.TaskId;
import io.weir.runtime.task.TaskState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stops a job's task attempts on their workers. A cancel for a restart completes when the worker
 * confirms it, or at once when that worker is gone or is lost meanwhile; undeploying attempts that
 * already stopped never waits. Runs on the coordinator's context, like the job master it serves.
 */
final class TaskCanceller {
  private final long epoch;
  private final ClusterGateway gateway;
  private final WorkerRegistry workers;
  private final Map<TaskId, Promise<Void>> cancelling = new HashMap<>();

  TaskCanceller(long epoch, ClusterGateway gateway, WorkerRegistry workers) {
    this.epoch = epoch;
    this.gateway = gateway;
    this.workers = workers;
  }

  /** Cancels a running attempt; the future completes when it has stopped, or its worker is gone. */
  Future<Void> cancel(Execution e, String reason) {
    TaskId t = e.attempt().task();
    if (e.state() != TaskState.CANCELING) {
      e.moveTo(TaskState.CANCELING); // (a second failure during a restart cancels it again)
    }
    Worker w = workers.holderOf(e.slot());
    if (w == null) {
      e.moveTo(TaskState.CANCELED);
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    cancelling.put(t, done);
    gateway.cancel(w, new CancelTask(epoch, e.attempt(), reason)).onComplete(ar -> done.tryComplete());
    return done.future().onComplete(ar -> {
      cancelling.remove(t, done);
      if (e.state() == TaskState.CANCELING) { // (not when released meanwhile)
        e.moveTo(TaskState.CANCELED);
      }
    });
  }

  /**
   * The worker of {@code e} was lost: a cancel under way for it is done. Returns whether one was, so
   * that the loss is not taken for another failure of a task already being restarted.
   */
  boolean workerLost(Execution e) {
    Promise<Void> cancel = cancelling.get(e.attempt().task());
    if (cancel == null) {
      return false;
    }
    cancel.tryComplete();
    return true;
  }

  /** Undeploys an attempt that already stopped (failed or finished), without waiting for the answer. */
  void undeploy(Execution e, String reason) {
    Worker w = workers.holderOf(e.slot());
    if (w != null) {
      gateway.cancel(w, new CancelTask(epoch, e.attempt(), reason));
    }
  }

  /** Undeploys every attempt, running or not; completes when the workers that are still there answered. */
  Future<Void> releaseAll(Collection<Execution> executions, String reason) {
    List<Future<Void>> cancels = new ArrayList<>();
    for (Execution e : executions) {
      Worker w = workers.holderOf(e.slot());
      if (w != null) {
        cancels.add(gateway.cancel(w, new CancelTask(epoch, e.attempt(), reason)));
      }
      if (!e.state().terminal()) {
        if (e.state() != TaskState.CANCELING) {
          e.moveTo(TaskState.CANCELING);
        }
        e.moveTo(TaskState.CANCELED);
      }
    }
    return Future.join(cancels).mapEmpty();
  }
}
