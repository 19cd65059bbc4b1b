package io.weir.runtime.network;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.weir.serde.Serde;

/**
 * The event-bus codec of Weir's control messages (Java records): handed over as is in one JVM,
 * written with Weir's serializer between JVMs.
 */
public final class MessageRecordCodec implements MessageCodec<Record, Record> {
  public static final String NAME = "weir-message";

  @Override
  public void encodeToWire(Buffer buffer, Record message) {
    byte[] bytes = Serde.toBytes(message);
    buffer.appendInt(bytes.length);
    buffer.appendBytes(bytes);
  }

  @Override
  public Record decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return (Record) Serde.fromBytes(buffer.getBytes(pos + 4, pos + 4 + length));
  }

  @Override
  public Record transform(Record message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
