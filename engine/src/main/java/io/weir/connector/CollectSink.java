package io.weir.connector;

import io.vertx.core.eventbus.DeliveryOptions;
import io.weir.cluster.Addresses;
import io.weir.runtime.network.MessageRecordCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends records to the event-bus address {@code weir.collect.<name>}, where a test or an embedding
 * application reads them ({@link CollectedRecords}); works across a cluster. At-least-once.
 */
public final class CollectSink<T> implements Sink<T> {
  private static final int BATCH = 256;
  private static final long FLUSH_MS = 20;

  /** A batch of collected records from one subtask. */
  public record CollectedRecords(String sink, int subtask, int attempt, List<Object> records, boolean last) {
  }

  private final String name;

  public CollectSink(String name) {
    this.name = name;
  }

  @Override
  public SinkWriter<T> createWriter(SinkContext context) {
    String address = Addresses.collect(name);
    DeliveryOptions options = new DeliveryOptions().setCodecName(MessageRecordCodec.NAME);
    return new SinkWriter<>() {
      private List<Object> buffer = new ArrayList<>();
      private final long timer = context.vertx().setPeriodic(FLUSH_MS, id -> flush(false));

      @Override
      public void write(T record) {
        buffer.add(record);
        if (buffer.size() >= BATCH) {
          flush(false);
        }
      }

      private void flush(boolean last) {
        if (!buffer.isEmpty() || last) {
          context.vertx().eventBus().send(address,
              new CollectedRecords(name, context.subtaskIndex(), context.attemptNumber(), buffer, last), options);
          buffer = new ArrayList<>();
        }
      }

      @Override
      public List<Object> snapshot(long checkpointId) {
        flush(false);
        return List.of();
      }

      @Override
      public void endOfInput() {
        flush(true);
      }

      @Override
      public void close() {
        context.vertx().cancelTimer(timer);
        flush(false);
      }
    };
  }

  @Override
  public Guarantee guarantee() {
    return Guarantee.AT_LEAST_ONCE;
  }
}
