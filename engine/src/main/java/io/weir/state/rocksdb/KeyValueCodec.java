package io.weir.state.rocksdb;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.weir.serde.Serde;
import io.weir.serde.ValueReader;
import io.weir.serde.ValueWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How keyed state becomes RocksDB bytes. A key is {@code [key group: 2 bytes, big-endian][key]},
 * and a map entry's key appends {@code [user key]}; keys, user keys and values are Serde-encoded,
 * each as its own session, so an encoding is self-delimiting: a key's bytes are never a prefix of
 * another key's, and a list value is its elements' encodings one after another (RocksDB's merge
 * operator appends them). Keys sort by key group first, so a key-group range is one byte range.
 * Keys must encode deterministically (equal keys, equal bytes), as records, strings and numbers do.
 * The buffers are reused: one codec per backend, used by the task's thread only.
 */
final class KeyValueCodec {
  private final Output key = new Output(64, -1);
  private final Output entryKey = new Output(128, -1);
  private final Output value = new Output(256, -1);
  private final Input input = new Input();

  /** Makes {@code k} (in key group {@code keyGroup}) the key that {@link #key()} holds. */
  void setKey(int keyGroup, Object k) {
    key.reset();
    key.writeByte(keyGroup >>> 8); // big-endian (Kryo's writeShort is little-endian), so keys sort by key group
    key.writeByte(keyGroup);
    Serde.writer(key).write(k);
  }

  /** The current key's bytes: {@code [0, keyLength())} of the returned buffer. */
  byte[] key() {
    return key.getBuffer();
  }

  int keyLength() {
    return key.position();
  }

  /** A copy of the current key's bytes, for use as an iteration bound. */
  byte[] keyCopy() {
    return key.toBytes();
  }

  /** Encodes the current key followed by {@code userKey}; read it with {@link #entryKey()}. */
  void setEntryKey(Object userKey) {
    entryKey.reset();
    entryKey.writeBytes(key.getBuffer(), 0, key.position());
    Serde.writer(entryKey).write(userKey);
  }

  byte[] entryKey() {
    return entryKey.getBuffer();
  }

  int entryKeyLength() {
    return entryKey.position();
  }

  /** Encodes one value into the value buffer; read it with {@link #value()}. */
  void setValue(Object v) {
    value.reset();
    Serde.writer(value).write(v);
  }

  /** Encodes a list value: each element as its own session. */
  void setValues(List<?> values) {
    value.reset();
    ValueWriter w = Serde.writer(value);
    for (Object v : values) {
      w.reset();
      w.write(v);
    }
  }

  byte[] value() {
    return value.getBuffer();
  }

  int valueLength() {
    return value.position();
  }

  Object decode(byte[] bytes, int offset, int length) {
    input.setBuffer(bytes, offset, length);
    return Serde.reader(input).read();
  }

  Object decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /** Decodes a list value written by {@link #setValues} or by merges of {@link #setValue}. */
  List<Object> decodeAll(byte[] bytes) {
    input.setBuffer(bytes, 0, bytes.length);
    ValueReader r = Serde.reader(input);
    List<Object> values = new ArrayList<>();
    while (input.position() < bytes.length) {
      r.reset();
      values.add(r.read());
    }
    return Collections.unmodifiableList(values);
  }

  /**
   * Where the key ends in a stored key ({@code [key group][key]...}): the user key of a map entry
   * starts there.
   */
  int endOfKey(byte[] stored) {
    input.setBuffer(stored, 2, stored.length - 2);
    Serde.reader(input).read();
    return input.position();
  }

  /** The first two bytes of every key in {@code keyGroup}. */
  static byte[] keyGroupPrefix(int keyGroup) {
    return new byte[] {(byte) (keyGroup >>> 8), (byte) keyGroup};
  }

  /** The smallest byte string greater than every string that starts with {@code prefix[0, length)}. */
  static byte[] successor(byte[] prefix, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xff) {
        byte[] next = java.util.Arrays.copyOf(prefix, i + 1);
        next[i]++;
        return next;
      }
    }
    throw new IllegalArgumentException("a key prefix of only 0xff bytes has no successor");
  }
}
