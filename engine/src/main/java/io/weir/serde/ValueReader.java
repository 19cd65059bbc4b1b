package io.weir.serde;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what {@link ValueWriter} wrote; what a writer with {@link ClassIds} wrote, only with the same
 * dictionary ({@link #withClassIds}). Not thread-safe: one reader per thread (see {@link Serde}).
 */
public final class ValueReader {
  private final Kryo kryo;
  private final List<Class<?>> classes = new ArrayList<>();
  // class names already looked up, with the loader they were looked up in (every value names its classes)
  private final Map<String, Class<?>> resolved = new HashMap<>();
  private ClassLoader resolvedBy;
  private Input in;
  private ClassIds ids;

  ValueReader(Kryo kryo) {
    this.kryo = kryo;
  }

  /** Reads from {@code source} from now on, as a new session. */
  public ValueReader from(Input source) {
    this.in = source;
    reset();
    return this;
  }

  /** Resolves the class ids of what a writer with {@code dictionary} wrote, from now on. */
  public ValueReader withClassIds(ClassIds dictionary) {
    this.ids = dictionary;
    return this;
  }

  public Input input() {
    return in;
  }

  public void reset() {
    classes.clear();
    kryo.reset();
  }

  /**
   * Reads the next value if it is a {@code Long}, unboxed, into {@code into[0]} and returns true;
   * otherwise reads nothing and returns false (a restore puts long keys without boxing them).
   */
  public boolean readLong(long[] into) {
    int start = in.position();
    if (in.readByte() == Tags.LONG) {
      into[0] = in.readVarLong(false);
      return true;
    }
    in.setPosition(start);
    return false;
  }

  public Object read() {
    byte tag = in.readByte();
    switch (tag) {
      case Tags.NULL:
        return null;
      case Tags.LONG:
        return in.readVarLong(false);
      case Tags.INT:
        return in.readVarInt(false);
      case Tags.STRING:
        return in.readString();
      case Tags.DOUBLE:
        return in.readDouble();
      case Tags.TRUE:
        return Boolean.TRUE;
      case Tags.FALSE:
        return Boolean.FALSE;
      case Tags.BYTES:
        return in.readBytes(in.readVarInt(true));
      case Tags.LONG_ARRAY: {
        long[] longs = new long[in.readVarInt(true)];
        for (int i = 0; i < longs.length; i++) {
          longs[i] = in.readVarLong(false);
        }
        return longs;
      }
      case Tags.RECORD_NEW:
      case Tags.RECORD_REF:
        return readRecord(readClass(tag == Tags.RECORD_NEW));
      case Tags.RECORD_ID:
        return readRecord(readClassId());
      case Tags.ENUM_NEW:
      case Tags.ENUM_REF:
      case Tags.ENUM_ID: {
        Class<?> type = tag == Tags.ENUM_ID ? readClassId() : readClass(tag == Tags.ENUM_NEW);
        int ordinal = in.readVarInt(true);
        Object[] constants = type.getEnumConstants();
        if (constants == null || ordinal >= constants.length) {
          throw new SerdeException("enum " + type.getName() + " has no constant number " + ordinal);
        }
        return constants[ordinal];
      }
      case Tags.LIST: {
        int size = in.readVarInt(true);
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          list.add(read());
        }
        return list;
      }
      case Tags.SET: {
        int size = in.readVarInt(true);
        Set<Object> set = new HashSet<>(Math.max(16, size * 2));
        for (int i = 0; i < size; i++) {
          set.add(read());
        }
        return set;
      }
      case Tags.MAP: {
        int size = in.readVarInt(true);
        Map<Object, Object> map = new HashMap<>(Math.max(16, size * 2));
        for (int i = 0; i < size; i++) {
          map.put(read(), read());
        }
        return map;
      }
      case Tags.FLOAT:
        return in.readFloat();
      case Tags.SHORT:
        return in.readShort();
      case Tags.BYTE:
        return in.readByte();
      case Tags.CHAR:
        return in.readChar();
      case Tags.KRYO:
        return kryo.readClassAndObject(in);
      default:
        throw new SerdeException("unknown type tag " + tag + " at byte " + (in.position() - 1)
            + " (the data is corrupt or was written by another version)");
    }
  }

  /**
   * Skips one value that names no class (no record, no enum, nothing left to Kryo), checking its
   * structure as it goes, and returns true. A value that names a class is not skipped: the input is
   * left where the value starts, for {@link #read}, and false is returned. A plain value's bytes
   * mean the same in any session, so they can be decoded later on their own ({@link Serde#fromBytes})
   * or copied into another session's output as they are.
   */
  public boolean skipPlain() {
    int start = in.position();
    if (skipPlainValue()) {
      return true;
    }
    in.setPosition(start);
    return false;
  }

  private boolean skipPlainValue() {
    byte tag = in.readByte();
    switch (tag) {
      case Tags.NULL, Tags.TRUE, Tags.FALSE -> {
        return true;
      }
      case Tags.LONG -> in.readVarLong(false);
      case Tags.INT -> in.readVarInt(false);
      case Tags.STRING -> skipString();
      case Tags.DOUBLE -> in.skip(8);
      case Tags.FLOAT -> in.skip(4);
      case Tags.SHORT, Tags.CHAR -> in.skip(2);
      case Tags.BYTE -> in.skip(1);
      case Tags.BYTES -> in.skip(count());
      case Tags.LONG_ARRAY -> {
        for (int i = count(); i > 0; i--) {
          in.readVarLong(false);
        }
      }
      case Tags.LIST, Tags.SET, Tags.MAP -> {
        long elements = (tag == Tags.MAP ? 2L : 1L) * count();
        for (long i = 0; i < elements; i++) {
          if (!skipPlainValue()) {
            return false;
          }
        }
      }
      case Tags.RECORD_NEW, Tags.RECORD_REF, Tags.RECORD_ID, Tags.ENUM_NEW, Tags.ENUM_REF, Tags.ENUM_ID, Tags.KRYO -> {
        return false;
      }
      default -> throw new SerdeException("unknown type tag " + tag + " at byte " + (in.position() - 1)
          + " (the data is corrupt or was written by another version)");
    }
    return true;
  }

  private int count() {
    int n = in.readVarInt(true);
    if (n < 0) {
      throw new SerdeException("a negative length " + n + " at byte " + in.position() + " (the data is corrupt)");
    }
    return n;
  }

  /** Skips what Kryo's {@code Output.writeString} wrote: ASCII ending at a byte with its high bit set, or a count and chars. */
  private void skipString() {
    if (!in.readVarIntFlag()) {
      while ((in.readByte() & 0x80) == 0) {
        // an ASCII char that is not the last
      }
      return;
    }
    int chars = in.readVarIntFlag(true) - 1; // -1: null, 0: empty
    for (int i = 0; i < chars; i++) {
      int b = in.readByte() & 0xFF;
      switch (b >> 4) {
        case 12, 13 -> in.skip(1);
        case 14 -> in.skip(2);
        default -> {
          // a one-byte char
        }
      }
    }
  }

  private Object readRecord(Class<?> type) {
    RecordLayout layout = RecordLayout.of(type);
    Object[] values = new Object[layout.accessors.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = read();
    }
    return layout.create(values);
  }

  private Class<?> readClass(boolean isNew) {
    if (!isNew) {
      int id = in.readVarInt(true);
      if (id >= classes.size()) {
        throw new SerdeException("class reference " + id + " was never defined (corrupt data)");
      }
      return classes.get(id);
    }
    Class<?> type = resolve(in.readString());
    classes.add(type);
    return type;
  }

  private Class<?> readClassId() {
    long id = in.readLong();
    String name = ids == null ? null : ids.nameOf(id);
    if (name == null) {
      throw new SerdeException("class id " + Long.toHexString(id) + " at byte " + (in.position() - Long.BYTES)
          + (ids == null ? " needs a class dictionary and none was given" : " is not in the class dictionary")
          + " (the data is corrupt or was written by another version)");
    }
    return resolve(name);
  }

  private Class<?> resolve(String name) {
    ClassLoader loader = Serde.classLoader();
    if (loader != resolvedBy) {
      resolved.clear();
      resolvedBy = loader;
    }
    try {
      Class<?> type = resolved.get(name);
      if (type == null) {
        type = Class.forName(name, false, loader);
        resolved.put(name, type);
      }
      return type;
    } catch (ClassNotFoundException e) {
      throw new SerdeException("class " + name + " is not on this node's classpath", e);
    }
  }
}
