package io.weir.verticles;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.weir.cluster.Addresses;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's one event-bus address for the data and control messages of all its tasks. A task's
 * own addresses ({@link Addresses#taskData}, {@link Addresses#taskControl}, with its attempt) are
 * routes in this JVM only, added when it deploys and removed when it stops: deploying or
 * cancelling a task writes nothing to the cluster and waits for nothing. (Registering a clustered
 * consumer per task address did: a Hazelcast write per address, retried while partitions migrate,
 * which they do right after a member was lost, and the first send to each new address then had
 * to look it up in the cluster again. That was most of a redeploy's time.) Senders address the
 * worker's inbox and name the task address in the {@link #TO} header ({@link TaskRoutes}). A task
 * whose peer runs on the same worker hands it its batches and control messages directly
 * ({@link #send}): onto the peer's context, in the order sent, without the event bus's message,
 * headers and hop through the inbox's event loop, as Flink's local input channels skip its network
 * stack.
 */
final class TaskInbox {
  /** The header that names the task address a message is for. */
  static final String TO = "weir-to";
  /** The failure code of a request to a task that is not (or no longer) on this worker; a sender may retry. */
  static final int NO_TASK = 404;

  private static final Logger log = LoggerFactory.getLogger(TaskInbox.class);

  /** Where a task address's messages are handled: the task's own context, which gets each message's body. */
  private record Route(Context context, Handler<Object> handler) {
  }

  private final String worker;
  private final ConcurrentMap<String, Route> routes = new ConcurrentHashMap<>();
  private MessageConsumer<Object> consumer;

  TaskInbox(String worker) {
    this.worker = worker;
  }

  /** Registers the worker's inbox address in the cluster (once, when the worker starts, or again under a new incarnation). */
  Future<Void> listen(Vertx vertx) {
    consumer = vertx.eventBus().consumer(Addresses.taskInbox(worker), this::deliver);
    return consumer.completion();
  }

  Future<Void> close() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /**
   * Delivers the messages for {@code address} to {@code handler} on {@code context}, in the order
   * they arrived; a message sent as a request is answered (empty) once handled.
   */
  void add(String address, Context context, Handler<Object> handler) {
    routes.put(address, new Route(context, handler));
  }

  void remove(String address) {
    routes.remove(address);
  }

  private void deliver(Message<Object> message) {
    String to = message.headers().get(TO);
    Route route = to == null ? null : routes.get(to);
    if (route == null) {
      if (message.replyAddress() != null) {
        message.fail(NO_TASK, "no task " + to + " on worker " + worker);
      } else {
        log.debug("worker {} dropped a message for {}: no such task here (it stopped or has not deployed yet)", worker, to);
      }
      return;
    }
    route.context().runOnContext(v -> {
      route.handler().handle(message.body());
      if (message.replyAddress() != null) {
        message.reply(null);
      }
    });
  }

  /**
   * Hands {@code body} to the task at {@code address} on this worker, on its context, behind what
   * was sent to it before; without such a task (it stopped, or has not deployed yet) the message is
   * dropped, as one sent through the inbox would be.
   */
  void send(String address, Object body) {
    Route route = routes.get(address);
    if (route == null) {
      log.debug("worker {} dropped a message for {}: no such task here (it stopped or has not deployed yet)", worker, address);
      return;
    }
    route.context().runOnContext(v -> route.handler().handle(body));
  }
}
