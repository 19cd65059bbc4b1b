package io.weir.runtime.network;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.weir.serde.Serde;

/**
 * The event-bus codec of Weir's control messages (Java records): handed over as is in one JVM,
 * written with Weir's serializer between JVMs. On the wire a message is the protocol version
 * (int), the length of the body (int), then the body; a message of another version is refused
 * with an error naming both, rather than misread.
 */
public final class MessageRecordCodec implements MessageCodec<Record, Record> {
  public static final String NAME = "weir-message";
  /** The version of the control messages' wire form; raise it when a change to a record would be misread by older nodes. */
  public static final int PROTOCOL_VERSION = 3;

  @Override
  public void encodeToWire(Buffer buffer, Record message) {
    byte[] bytes = Serde.toBytes(message);
    buffer.appendInt(PROTOCOL_VERSION);
    buffer.appendInt(bytes.length);
    buffer.appendBytes(bytes);
  }

  @Override
  public Record decodeFromWire(int pos, Buffer buffer) {
    int version = buffer.getInt(pos);
    if (version != PROTOCOL_VERSION) {
      throw new IncompatibleProtocolException("a control message of protocol version " + version
          + " arrived, but this node speaks version " + PROTOCOL_VERSION
          + ": every node of a cluster must run the same Weir version");
    }
    int length = buffer.getInt(pos + 4);
    return (Record) Serde.fromBytes(buffer.getBytes(pos + 8, pos + 8 + length));
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

  /** A message from a node that speaks another version of the control protocol. */
  public static final class IncompatibleProtocolException extends IllegalStateException {
    public IncompatibleProtocolException(String message) {
      super(message);
    }
  }
}
