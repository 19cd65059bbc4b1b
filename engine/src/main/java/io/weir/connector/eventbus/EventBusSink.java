package io.weir.connector.eventbus;

import io.vertx.core.eventbus.EventBus;
import io.weir.connector.Sink;
import io.weir.connector.SinkContext;
import io.weir.connector.SinkWriter;
import java.util.Objects;
import java.util.function.Function;

/**
 * Sends a job's results to an event-bus address (one consumer gets each) or publishes them (every
 * consumer gets each). The body is what {@code body} makes of a result: a type the event bus has a
 * codec for (String, JsonObject, Buffer, ...). At least once: after a restart the results since the
 * last completed checkpoint are sent again, and a message sent while no consumer is registered is
 * lost as the event bus loses it.
 */
public final class EventBusSink<T> implements Sink<T> {
  private final String address;
  private final boolean publish;
  private final Function<T, Object> body;

  private EventBusSink(String address, boolean publish, Function<T, Object> body) {
    this.address = Objects.requireNonNull(address, "address");
    this.publish = publish;
    this.body = Objects.requireNonNull(body, "body");
  }

  public static <T> EventBusSink<T> send(String address, Function<T, Object> body) {
    return new EventBusSink<>(address, false, body);
  }

  public static <T> EventBusSink<T> publish(String address, Function<T, Object> body) {
    return new EventBusSink<>(address, true, body);
  }

  @Override
  public SinkWriter<T> createWriter(SinkContext context) {
    EventBus bus = context.vertx().eventBus();
    return new SinkWriter<>() {
      @Override
      public void write(T record) {
        Object message = body.apply(record);
        if (publish) {
          bus.publish(address, message);
        } else {
          bus.send(address, message);
        }
      }

      @Override
      public void close() {
      }
    };
  }

  @Override
  public Guarantee guarantee() {
    return Guarantee.AT_LEAST_ONCE;
  }
}
