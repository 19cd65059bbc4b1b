package io.weir.serde;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.KryoBufferUnderflowException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Entry point to Weir's value serialization (never Java serialization): thread-local writers and
 * readers, and one-shot helpers for small values such as protocol messages and state handles.
 */
public final class Serde {
  private static final ThreadLocal<ValueWriter> WRITERS = ThreadLocal.withInitial(() -> new ValueWriter(newKryo()));
  private static final ThreadLocal<ValueReader> READERS = ThreadLocal.withInitial(() -> new ValueReader(newKryo()));
  private static final ThreadLocal<Output> SCRATCH = ThreadLocal.withInitial(() -> new Output(4096, -1));

  private Serde() {
  }

  static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : Serde.class.getClassLoader();
  }

  private static Kryo newKryo() {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(false);
    kryo.setReferences(false);
    kryo.setAutoReset(false);
    kryo.setClassLoader(classLoader());
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    return kryo;
  }

  /** This thread's writer, started on a new session into {@code out}. */
  public static ValueWriter writer(Output out) {
    return WRITERS.get().into(out);
  }

  /** A writer of its own, for an owner that uses it from one thread at a time (a state backend's codec). */
  public static ValueWriter newWriter() {
    return new ValueWriter(newKryo());
  }

  /** A reader of its own, for an owner that uses it from one thread at a time. */
  public static ValueReader newReader() {
    return new ValueReader(newKryo());
  }

  /** This thread's reader, started on a new session from {@code in}. */
  public static ValueReader reader(Input in) {
    return READERS.get().from(in);
  }

  public static byte[] toBytes(Object value) {
    Output out = SCRATCH.get();
    out.reset();
    writer(out).write(value);
    return out.toBytes();
  }

  public static Object fromBytes(byte[] bytes) {
    return fromBytes(bytes, 0, bytes.length);
  }

  public static Object fromBytes(byte[] bytes, int offset, int length) {
    Input in = new Input(bytes, offset, length);
    Object value;
    try {
      value = reader(in).read();
    } catch (KryoBufferUnderflowException e) {
      throw new SerdeException("a value of " + length + " bytes ends early (the data is truncated or corrupt)", e);
    } catch (KryoException e) {
      throw new SerdeException("a value of " + length + " bytes cannot be read (the data is corrupt): " + e.getMessage(), e);
    }
    if (in.position() != offset + length) {
      throw new SerdeException("trailing bytes after a value: read " + (in.position() - offset) + " of " + length);
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  public static <T> T copy(T value) {
    return (T) fromBytes(toBytes(value));
  }
}
