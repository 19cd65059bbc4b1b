package io.weir.verticles;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;

/**
 * A request that is sent again until answered. A consumer registered on another node a moment ago
 * may not be known on this node yet (the cluster's subscription view catches up asynchronously),
 * and a task may not have deployed on its worker yet ({@link TaskInbox#NO_TASK}); the request then
 * fails at once, and trying again shortly after succeeds.
 */
final class Retry {
  private static final long ATTEMPT_TIMEOUT_MS = 2000;
  private static final long PAUSE_MS = 20;

  private Retry() {
  }

  static <T> Future<Message<T>> request(Vertx vertx, String address, Object body, DeliveryOptions options, long deadlineMs) {
    Promise<Message<T>> promise = Promise.promise();
    attempt(vertx, address, body, new DeliveryOptions(options).setSendTimeout(ATTEMPT_TIMEOUT_MS),
        System.currentTimeMillis() + deadlineMs, promise);
    return promise.future();
  }

  private static <T> void attempt(Vertx vertx, String address, Object body, DeliveryOptions options, long deadline,
                                  Promise<Message<T>> promise) {
    vertx.eventBus().<T>request(address, body, options).onComplete(ar -> {
      if (ar.succeeded()) {
        promise.complete(ar.result());
      } else if (System.currentTimeMillis() >= deadline || !retriable(ar.cause())) {
        promise.fail(new IllegalStateException("no answer from " + address + ": " + ar.cause().getMessage(), ar.cause()));
      } else {
        vertx.setTimer(PAUSE_MS, id -> attempt(vertx, address, body, options, deadline, promise));
      }
    });
  }

  /** Not answered, or answered by a worker whose task is not there yet: worth another try. */
  private static boolean retriable(Throwable e) {
    return !(e instanceof ReplyException r) || r.failureType() != io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE
        || r.failureCode() == TaskInbox.NO_TASK;
  }
}
