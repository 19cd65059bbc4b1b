package io.weir.runtime.network;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/** Registers Weir's event-bus codecs on a Vert.x instance, once, and names them for senders. */
public final class Codecs {
  /** Delivery options for data batches. */
  public static final DeliveryOptions BATCH = new DeliveryOptions().setCodecName(DataBatchCodec.NAME);
  /** Delivery options for control messages. */
  public static final DeliveryOptions MESSAGE = new DeliveryOptions().setCodecName(MessageRecordCodec.NAME);

  private static final Set<Vertx> REGISTERED = Collections.newSetFromMap(new WeakHashMap<>());

  private Codecs() {
  }

  public static synchronized void register(Vertx vertx) {
    if (REGISTERED.add(vertx)) {
      vertx.eventBus().registerCodec(new DataBatchCodec());
      vertx.eventBus().registerCodec(new MessageRecordCodec());
    }
  }

  /** Options for a control-message request with a timeout. */
  public static DeliveryOptions message(long timeoutMillis) {
    return new DeliveryOptions().setCodecName(MessageRecordCodec.NAME).setSendTimeout(timeoutMillis);
  }
}
