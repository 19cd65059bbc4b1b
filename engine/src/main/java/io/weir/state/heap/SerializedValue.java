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
  /** This thread's copy of a mapped value's bytes (a snapshot copies every pending value: no array each). */
  private static final int MAX_SCRATCH = 1 << 20;
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1 << 12]);

  /** The value; {@code state} names it in the error if it does not decode. */
  Object decode(String state) {
    try {
      return payload.hasArray() ? Serde.fromBytes(payload.array(), payload.arrayOffset() + offset, length)
          : Serde.fromBytes(copied(), 0, length);
    } catch (SerdeException e) {
      throw new IllegalStateException("state '" + state + "': a restored value cannot be decoded: " + e.getMessage(), e);
    }
  }

  /** Writes the value's bytes into a snapshot's payload. */
  void writeTo(Output out) {
    if (payload.hasArray()) {
      out.writeBytes(payload.array(), payload.arrayOffset() + offset, length);
    } else {
      out.writeBytes(copied(), 0, length);
    }
  }

  /** The bytes of a value in a mapped file, in this thread's scratch array from index 0. */
  private byte[] copied() {
    byte[] b = SCRATCH.get();
    if (b.length < length) {
      b = new byte[Math.max(length, 2 * b.length)];
      if (length <= MAX_SCRATCH) {
        SCRATCH.set(b); // a larger one is not kept
      }
    }
    payload.get(offset, b, 0, length);
    return b;
  }
}
