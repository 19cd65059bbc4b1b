package io.weir.state.heap;

import com.esotericsoftware.kryo.io.Output;
import io.weir.serde.Serde;
import io.weir.serde.SerdeException;
import java.nio.ByteBuffer;

/**
 * A restored value that is not decoded yet: where its bytes are in the payload of the key group
 * it was restored from (read whole, and checksummed, at the restore): an array in the heap, or the
 * state file mapped into memory. It stands in a {@link StateMap} slot until the key is read, which
 * decodes it and puts the value in its place; a snapshot taken before that copies its bytes as
 * they are. The bytes are a plain value ({@link io.weir.serde.ValueReader#skipPlain}: no class
 * named), so they mean the same in any Serde session. Its payload stays in memory while any of its
 * key group's values is still pending.
 *
 * @param offset where the value starts, counted from index 0 of {@code payload}
 */
record SerializedValue(ByteBuffer payload, int offset, int length) {

  /** The value; {@code state} names it in the error if it does not decode. */
  Object decode(String state) {
    try {
      return payload.hasArray() ? Serde.fromBytes(payload.array(), payload.arrayOffset() + offset, length)
          : Serde.fromBytes(bytes());
    } catch (SerdeException e) {
      throw new IllegalStateException("state '" + state + "': a restored value cannot be decoded: " + e.getMessage(), e);
    }
  }

  /** Writes the value's bytes into a snapshot's payload. */
  void writeTo(Output out) {
    if (payload.hasArray()) {
      out.writeBytes(payload.array(), payload.arrayOffset() + offset, length);
    } else {
      out.writeBytes(bytes());
    }
  }

  private byte[] bytes() {
    byte[] b = new byte[length];
    payload.get(offset, b);
    return b;
  }
}
