package io.weir.connector.eventbus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The sender's side of the {@link EventBusSource} contract, for applications: sends a message with
 * its id and sends it again, with the same id, after every failure or timeout until the source
 * answers (or the deadline passes). A refusal (failure code 400) is final.
 */
public final class EventBusSender {
  private final Vertx vertx;
  private final String address;
  private final Duration timeout;
  private final Duration retryDelay;

  /** {@code timeout}: how long one try waits for the answer (well above the checkpoint interval). */
  public EventBusSender(Vertx vertx, String address, Duration timeout, Duration retryDelay) {
    this.vertx = vertx;
    this.address = address;
    this.timeout = timeout;
    this.retryDelay = retryDelay;
  }

  /** Completes with the source's answer once the message is in a completed checkpoint. */
  public Future<JsonObject> send(String messageId, Object body, Duration deadline) {
    return attempt(messageId, body, System.nanoTime() + deadline.toNanos());
  }

  private Future<JsonObject> attempt(String messageId, Object body, long deadlineNanos) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout.toMillis()).addHeader(EventBusSource.MESSAGE_ID, messageId);
    return vertx.eventBus().<JsonObject>request(address, body, options).map(m -> m.body()).recover(e -> {
      if (e instanceof ReplyException r && r.failureCode() == 400) {
        return Future.failedFuture(e);
      }
      if (System.nanoTime() > deadlineNanos) {
        return Future.failedFuture(new IllegalStateException("message " + messageId + " to '" + address
            + "' was not accepted before the deadline; last error: " + e.getMessage(), e));
      }
      return vertx.timer(retryDelay.toMillis()).compose(t -> attempt(messageId, body, deadlineNanos));
    });
  }
}
