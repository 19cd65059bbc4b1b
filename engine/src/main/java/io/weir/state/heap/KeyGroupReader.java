package io.weir.state.heap;

import com.esotericsoftware.kryo.io.ByteBufferInput;
import com.esotericsoftware.kryo.io.Input;
import io.weir.serde.Serde;
import io.weir.serde.ValueReader;
import io.weir.state.ttl.TtlValues;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Puts the entries of one key group's payload of a {@link HeapSnapshotFile} into their tables.
 * Keys are decoded; so are the values of states with a time-to-live (before or now: they are
 * converted as they are read), small values and values that name a class. The other values are
 * checked (their structure walked, {@link ValueReader#skipPlain}) and left encoded in the payload
 * as {@link SerializedValue}s: a restore then neither builds nor copies them, and a snapshot taken
 * before their keys are read writes their bytes as they are.
 */
final class KeyGroupReader {
  /** A value shorter than this is decoded at once: a placeholder (24 bytes) would save little. */
  static final int MIN_ENCODED_BYTES = 64;

  private final List<StateTable> tables;
  private final long[] fileTtls;
  private final boolean[] keepsEncoded;
  private final boolean anyKeepsEncoded;
  private final long now;
  long entries;
  long encoded;

  /** @param fileTtls the time-to-live each of {@code tables} was written with; {@code now} converts to the tables' ones */
  KeyGroupReader(List<StateTable> tables, long[] fileTtls, long now) {
    this.tables = tables;
    this.fileTtls = fileTtls;
    this.now = now;
    keepsEncoded = new boolean[tables.size()];
    boolean any = false;
    for (int s = 0; s < keepsEncoded.length; s++) {
      keepsEncoded[s] = fileTtls[s] == 0 && tables.get(s).ttl == 0;
      any |= keepsEncoded[s];
    }
    anyKeepsEncoded = any;
  }

  /** Whether values may be left encoded, so that each payload must be an array of its own that stays with them. */
  boolean keepsEncoded() {
    return anyKeepsEncoded;
  }

  /**
   * Reads {@code payload} from index 0 to its limit (an array in the heap from its index 0, or a
   * slice of the file mapped into memory): key group {@code keyGroup}, the {@code group}-th of the tables.
   */
  void read(ByteBuffer payload, int keyGroup, int group) {
    int length = payload.limit();
    Input input = payload.hasArray() ? new Input(payload.array(), 0, length) : new ByteBufferInput(payload);
    ValueReader r = Serde.reader(input);
    for (int s = 0; s < tables.size(); s++) {
      StateTable t = tables.get(s);
      long from = fileTtls[s];
      TtlValues.Shape shape = TtlValues.Shape.onHeap(t.kind);
      int n = input.readVarInt(true);
      if (n <= 0) {
        continue;
      }
      StateMap m = t.forWrite(group);
      m.reserve(n);
      byte layout = input.readByte();
      if (layout == HeapSnapshotFile.LONG_ENTRIES && from == 0 && t.ttl == 0) {
        for (int i = 0; i < n; i++) { // unboxed all the way (a count per key: the most common state)
          m.putLong(input.readVarLong(false), input.readVarLong(false));
        }
        entries += n;
        continue;
      }
      for (int i = 0; i < n; i++) {
        Object key;
        Object value;
        if (layout == HeapSnapshotFile.LONG_ENTRIES) {
          key = input.readVarLong(false);
          value = input.readVarLong(false);
        } else {
          key = r.read();
          value = keepsEncoded[s] ? readOrKeep(r, payload) : r.read();
        }
        if (from != 0 || t.ttl != 0) {
          try {
            value = TtlValues.convert(value, shape, from, t.ttl, now);
          } catch (ClassCastException e) {
            throw new IllegalStateException("state '" + t.name + "' holds a value that is not as its time-to-live "
                + from + " ms says: " + e.getMessage(), e);
          }
          if (value == TtlValues.GONE) {
            continue;
          }
        }
        m.put(key, StateMap.hash(key), value);
        entries++;
      }
    }
    if (input.position() != length) {
      throw new IllegalStateException("key group " + keyGroup + " has " + (length - input.position())
          + " bytes after its entries");
    }
  }

  /** The next value; left encoded when it is plain and large. */
  private Object readOrKeep(ValueReader r, ByteBuffer payload) {
    Input input = r.input();
    int start = input.position();
    if (r.skipPlain()) {
      int length = input.position() - start;
      if (length >= MIN_ENCODED_BYTES) {
        encoded++;
        return new SerializedValue(payload, start, length);
      }
      input.setPosition(start);
    }
    return r.read();
  }
}
