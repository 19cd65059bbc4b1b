package io.weir.state.rocksdb;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.weir.serde.ClassIds;
import io.weir.serde.Serde;
import io.weir.serde.ValueReader;
import io.weir.serde.ValueWriter;
import io.weir.state.ttl.TtlValue;
import io.weir.state.ttl.TtlValues;
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
 * Record and enum classes are named by their ids in the database's {@link ClassDictionary}.
 * A value of a state with a time-to-live is {@code [last access: 8 bytes][value]}, and a list
 * element likewise. The buffers are reused: one codec per backend, used by the task's thread only.
 */
final class KeyValueCodec {
  private final Output key = new Output(64, -1);
  private final Output entryKey = new Output(128, -1);
  private final Output value = new Output(256, -1);
  private final Input input = new Input();
  /** Its own writer and reader: no thread-local look-up per key, value or decode. */
  private final ValueWriter writer = Serde.newWriter();
  private final ValueReader reader = Serde.newReader();

  /** @param classes the dictionary that records and enums name their classes by ({@link ClassDictionary}) */
  KeyValueCodec(ClassIds classes) {
    writer.withClassIds(classes);
    reader.withClassIds(classes);
  }

  /** Makes {@code k} (in key group {@code keyGroup}) the key that {@link #key()} holds. */
  void setKey(int keyGroup, Object k) {
    key.reset();
    key.writeByte(keyGroup >>> 8); // big-endian (Kryo's writeShort is little-endian), so keys sort by key group
    key.writeByte(keyGroup);
    writer.into(key).write(k);
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
    writer.into(entryKey).write(userKey);
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
    writer.into(value).write(v);
  }

  /** Encodes one value of a state with a time-to-live (its access time first). */
  void setTtlValue(TtlValue<?> v) {
    value.reset();
    value.writeLong(v.lastAccess());
    writer.into(value).write(v.value());
  }

  /** Encodes a list value: each element as its own session ({@link TtlValue}s with their access times when {@code ttl}). */
  void setValues(List<?> values, boolean ttl) {
    value.reset();
    ValueWriter w = writer.into(value);
    for (Object v : values) {
      w.reset();
      if (ttl) {
        TtlValue<?> t = (TtlValue<?>) v;
        value.writeLong(t.lastAccess());
        w.write(t.value());
      } else {
        w.write(v);
      }
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
    return reader.from(input).read();
  }

  Object decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /** Decodes a value written by {@link #setTtlValue}. */
  TtlValue<Object> decodeTtl(byte[] bytes) {
    input.setBuffer(bytes, 0, bytes.length);
    long lastAccess = input.readLong();
    return new TtlValue<>(reader.from(input).read(), lastAccess);
  }

  /** Decodes a list value written by {@link #setValues} or by merges of {@link #setValue} ({@link #setTtlValue} when {@code ttl}). */
  List<Object> decodeAll(byte[] bytes, boolean ttl) {
    return Collections.unmodifiableList(decodeList(bytes, ttl));
  }

  /** {@link #decodeAll}, as a list the cache keeps decoded and adds to. */
  ColumnCache.DecodedList decodeList(byte[] bytes, boolean ttl) {
    input.setBuffer(bytes, 0, bytes.length);
    ValueReader r = reader.from(input);
    ColumnCache.DecodedList values = new ColumnCache.DecodedList();
    while (input.position() < bytes.length) {
      long lastAccess = ttl ? input.readLong() : 0;
      r.reset();
      Object v = r.read();
      values.add(ttl ? new TtlValue<>(v, lastAccess) : v);
    }
    return values;
  }

  /** Decodes a stored value of {@code shape} (a map entry's value is {@code ONE}), kept with a time-to-live or not. */
  Object decodeEntry(byte[] bytes, TtlValues.Shape shape, boolean ttl) {
    if (shape == TtlValues.Shape.LIST) {
      return decodeAll(bytes, ttl);
    }
    return ttl ? decodeTtl(bytes) : decode(bytes);
  }

  /** Encodes what {@link #decodeEntry} decodes, as a new array. */
  byte[] encodeEntry(Object v, TtlValues.Shape shape, boolean ttl) {
    if (shape == TtlValues.Shape.LIST) {
      setValues((List<?>) v, ttl);
    } else if (ttl) {
      setTtlValue((TtlValue<?>) v);
    } else {
      setValue(v);
    }
    return value.toBytes();
  }

  /**
   * Where the key ends in a stored key ({@code [key group][key]...}): the user key of a map entry
   * starts there.
   */
  int endOfKey(byte[] stored) {
    input.setBuffer(stored, 2, stored.length - 2);
    reader.from(input).read();
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
