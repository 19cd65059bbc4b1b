package io.weir.serde;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads what {@link ValueWriter} wrote. Not thread-safe: one reader per thread (see {@link Serde}). */
public final class ValueReader {
  private final Kryo kryo;
  private final List<Class<?>> classes = new ArrayList<>();
  // class names already looked up, with the loader they were looked up in (every value names its classes)
  private final Map<String, Class<?>> resolved = new HashMap<>();
  private ClassLoader resolvedBy;
  private Input in;

  ValueReader(Kryo kryo) {
    this.kryo = kryo;
  }

  /** Reads from {@code source} from now on, as a new session. */
  public ValueReader from(Input source) {
    this.in = source;
    reset();
    return this;
  }

  public Input input() {
    return in;
  }

  public void reset() {
    classes.clear();
    kryo.reset();
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
      case Tags.ENUM_NEW:
      case Tags.ENUM_REF: {
        Class<?> type = readClass(tag == Tags.ENUM_NEW);
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
    String name = in.readString();
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
      classes.add(type);
      return type;
    } catch (ClassNotFoundException e) {
      throw new SerdeException("class " + name + " is not on this node's classpath", e);
    }
  }
}
