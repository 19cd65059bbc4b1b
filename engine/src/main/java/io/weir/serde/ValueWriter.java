package io.weir.serde;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes values with a one-byte type tag: explicit codecs for primitives, strings, byte and long
 * arrays, lists, maps, enums and Java records, and Kryo for anything else. Record and enum class
 * names are written once per session (a batch or a state file); {@link #reset()} starts a new one.
 * With {@link #withClassIds} they are written as ids of that dictionary instead, in every session.
 * Not thread-safe: one writer per thread (see {@link Serde}).
 */
public final class ValueWriter {
  private final Kryo kryo;
  private final Map<Class<?>, Integer> classIds = new IdentityHashMap<>();
  private Output out;
  private ClassIds ids;

  ValueWriter(Kryo kryo) {
    this.kryo = kryo;
  }

  /** Writes into {@code target} from now on, as a new session. */
  public ValueWriter into(Output target) {
    this.out = target;
    reset();
    return this;
  }

  /** Names record and enum classes by their ids in {@code dictionary} from now on. */
  public ValueWriter withClassIds(ClassIds dictionary) {
    this.ids = dictionary;
    return this;
  }

  public Output output() {
    return out;
  }

  public void reset() {
    if (!classIds.isEmpty()) {
      classIds.clear(); // an IdentityHashMap clears its whole table even when empty, and most values name no class
    }
    kryo.reset();
  }

  public void write(Object value) {
    if (value == null) {
      out.writeByte(Tags.NULL);
    } else if (value instanceof Long l) {
      out.writeByte(Tags.LONG);
      out.writeVarLong(l, false);
    } else if (value instanceof Integer i) {
      out.writeByte(Tags.INT);
      out.writeVarInt(i, false);
    } else if (value instanceof String s) {
      out.writeByte(Tags.STRING);
      out.writeString(s);
    } else if (value instanceof Double d) {
      out.writeByte(Tags.DOUBLE);
      out.writeDouble(d);
    } else if (value instanceof Boolean b) {
      out.writeByte(b ? Tags.TRUE : Tags.FALSE);
    } else if (value instanceof Record) {
      if (value instanceof WritesItself self) {
        self.writeTo(this);
      } else {
        writeRecord(value);
      }
    } else if (value instanceof byte[] bytes) {
      out.writeByte(Tags.BYTES);
      out.writeVarInt(bytes.length, true);
      out.writeBytes(bytes);
    } else if (value instanceof long[] longs) {
      out.writeByte(Tags.LONG_ARRAY);
      out.writeVarInt(longs.length, true);
      for (long l : longs) {
        out.writeVarLong(l, false);
      }
    } else if (value instanceof List<?> list) {
      out.writeByte(Tags.LIST);
      out.writeVarInt(list.size(), true);
      for (Object element : list) {
        write(element);
      }
    } else if (value instanceof Set<?> set) {
      out.writeByte(Tags.SET);
      out.writeVarInt(set.size(), true);
      for (Object element : set) {
        write(element);
      }
    } else if (value instanceof Map<?, ?> map) {
      out.writeByte(Tags.MAP);
      out.writeVarInt(map.size(), true);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        write(e.getKey());
        write(e.getValue());
      }
    } else if (value instanceof Enum<?> e) {
      writeEnum(e);
    } else if (value instanceof Float f) {
      out.writeByte(Tags.FLOAT);
      out.writeFloat(f);
    } else if (value instanceof Short s) {
      out.writeByte(Tags.SHORT);
      out.writeShort(s);
    } else if (value instanceof Byte b) {
      out.writeByte(Tags.BYTE);
      out.writeByte(b);
    } else if (value instanceof Character c) {
      out.writeByte(Tags.CHAR);
      out.writeChar(c);
    } else {
      out.writeByte(Tags.KRYO);
      try {
        kryo.writeClassAndObject(out, value);
      } catch (RuntimeException e) {
        throw new SerdeException("cannot serialize a " + value.getClass().getName() + ": " + e.getMessage(), e);
      }
    }
  }

  /** Writes {@code record} as a record, through its components' accessors (even if it {@link WritesItself}). */
  void writeRecord(Object record) {
    Class<?> type = record.getClass();
    RecordLayout layout = RecordLayout.of(type);
    writeRecordClass(type);
    for (int i = 0; i < layout.accessors.length; i++) {
      Class<?> component = layout.types[i];
      if (component == long.class) {
        writeLongComponent(layout.longComponent(record, i));
      } else if (component == int.class) {
        out.writeByte(Tags.INT);
        out.writeVarInt(layout.intComponent(record, i), false);
      } else {
        write(layout.component(record, i));
      }
    }
  }

  /** What a record's encoding starts with: its class (then come its components, in order). */
  public void writeRecordClass(Class<?> type) {
    writeClass(type, Tags.RECORD_NEW, Tags.RECORD_REF, Tags.RECORD_ID);
  }

  /** A record's {@code long} component: as {@code write(Long)}, without the box. */
  public void writeLongComponent(long value) {
    out.writeByte(Tags.LONG);
    out.writeVarLong(value, false);
  }

  private void writeEnum(Enum<?> value) {
    writeClass(value.getDeclaringClass(), Tags.ENUM_NEW, Tags.ENUM_REF, Tags.ENUM_ID);
    out.writeVarInt(value.ordinal(), true);
  }

  private void writeClass(Class<?> type, byte newTag, byte refTag, byte idTag) {
    if (ids != null) {
      out.writeByte(idTag);
      out.writeLong(ids.idOf(type));
      return;
    }
    Integer id = classIds.get(type);
    if (id == null) {
      classIds.put(type, classIds.size());
      out.writeByte(newTag);
      out.writeString(type.getName());
    } else {
      out.writeByte(refTag);
      out.writeVarInt(id, true);
    }
  }
}
