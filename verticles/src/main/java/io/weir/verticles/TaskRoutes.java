package io.weir.verticles;

import io.vertx.core.eventbus.DeliveryOptions;
import io.weir.cluster.Addresses;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.runtime.TaskId;
import io.weir.runtime.network.Codecs;
import java.util.HashMap;
import java.util.Map;

/**
 * How a task reaches its peers of the same deployment: for each peer's data and control address,
 * the inbox of the worker it was placed on ({@link TaskInbox}) and delivery options that name the
 * address in a header and carry the codec. Built once per task from the deployment's placement.
 */
final class TaskRoutes {
  /**
   * One destination: the worker inbox to send to, the options (codec, header) to send with, and
   * whether the peer was placed on this task's own worker (then its messages may skip the event bus:
   * {@link TaskInbox#send}).
   */
  record Route(String inbox, DeliveryOptions options, boolean sameWorker) {
  }

  private final Map<String, Route> routes = new HashMap<>();

  TaskRoutes(DeployTask deployment) {
    this(deployment, false);
  }

  /**
   * Messages to a peer on this task's own worker stay in this JVM (local-only delivery: no look-up
   * of the inbox's address in the cluster, which waits while partitions migrate after a member
   * left); with {@code localOnly}, every message does (a rehearsal's tasks, which all run here).
   */
  TaskRoutes(DeployTask deployment, boolean localOnly) {
    TaskAttempt self = deployment.attempt();
    String here = deployment.placement().get(self.task());
    for (Map.Entry<TaskId, String> placed : deployment.placement().entrySet()) {
      TaskAttempt peer = new TaskAttempt(self.job(), placed.getKey(), self.attempt());
      String inbox = Addresses.taskInbox(placed.getValue());
      boolean sameWorker = placed.getValue().equals(here);
      boolean local = localOnly || sameWorker;
      routes.put(Addresses.taskData(peer),
          new Route(inbox, to(Codecs.BATCH, Addresses.taskData(peer)).setLocalOnly(local), sameWorker));
      routes.put(Addresses.taskControl(peer),
          new Route(inbox, to(Codecs.MESSAGE, Addresses.taskControl(peer)).setLocalOnly(local), sameWorker));
    }
  }

  /** The options of a message for the task address {@code address}: {@code codec}'s, plus the header naming it. */
  static DeliveryOptions to(DeliveryOptions codec, String address) {
    return new DeliveryOptions(codec).addHeader(TaskInbox.TO, address);
  }

  /** The route to the task address {@code address}, which must belong to a task of this deployment. */
  Route of(String address) {
    Route route = routes.get(address);
    if (route == null) {
      throw new IllegalStateException("no task of this deployment has the address " + address
          + " (the deployment's placement does not name it)");
    }
    return route;
  }
}
