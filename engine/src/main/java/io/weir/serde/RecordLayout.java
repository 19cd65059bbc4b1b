package io.weir.serde;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;

/**
 * How a Java record is taken apart and put back together: its component accessors and its
 * canonical constructor. A {@code long} or {@code int} component is also read unboxed
 * ({@link #longComponent}, {@link #intComponent}), so writing it allocates nothing.
 */
final class RecordLayout {
  private static final ClassValue<RecordLayout> LAYOUTS = new ClassValue<>() {
    @Override
    protected RecordLayout computeValue(Class<?> type) {
      return new RecordLayout(type);
    }
  };

  final Class<?> type;
  final MethodHandle[] accessors;
  final MethodHandle constructor;
  /** Each component's type. */
  final Class<?>[] types;
  // the accessors of long and int components as (Object)long and (Object)int, null for the others
  private final MethodHandle[] longAccessors;
  private final MethodHandle[] intAccessors;

  private RecordLayout(Class<?> type) {
    this.type = type;
    if (!type.isRecord()) {
      throw new SerdeException(type.getName() + " is not a record (the data is corrupt or was written by another version)");
    }
    RecordComponent[] components = type.getRecordComponents();
    accessors = new MethodHandle[components.length];
    longAccessors = new MethodHandle[components.length];
    intAccessors = new MethodHandle[components.length];
    types = new Class<?>[components.length];
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      for (int i = 0; i < components.length; i++) {
        var accessor = components[i].getAccessor();
        accessor.setAccessible(true);
        MethodHandle handle = lookup.unreflect(accessor);
        accessors[i] = handle.asType(MethodType.methodType(Object.class, Object.class));
        types[i] = components[i].getType();
        if (types[i] == long.class) {
          longAccessors[i] = handle.asType(MethodType.methodType(long.class, Object.class));
        } else if (types[i] == int.class) {
          intAccessors[i] = handle.asType(MethodType.methodType(int.class, Object.class));
        }
      }
      var canonical = type.getDeclaredConstructor(types);
      canonical.setAccessible(true);
      constructor = lookup.unreflectConstructor(canonical).asSpreader(Object[].class, types.length)
          .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new SerdeException("record " + type.getName() + " cannot be serialized: " + e.getMessage(), e);
    }
  }

  static RecordLayout of(Class<?> type) {
    return LAYOUTS.get(type);
  }

  Object component(Object record, int index) {
    try {
      return accessors[index].invokeExact(record);
    } catch (Throwable e) {
      throw new SerdeException("cannot read component " + index + " of " + type.getName(), e);
    }
  }

  /** Component {@code index}, which is a {@code long}, unboxed. */
  long longComponent(Object record, int index) {
    try {
      return (long) longAccessors[index].invokeExact(record);
    } catch (Throwable e) {
      throw new SerdeException("cannot read component " + index + " of " + type.getName(), e);
    }
  }

  /** Component {@code index}, which is an {@code int}, unboxed. */
  int intComponent(Object record, int index) {
    try {
      return (int) intAccessors[index].invokeExact(record);
    } catch (Throwable e) {
      throw new SerdeException("cannot read component " + index + " of " + type.getName(), e);
    }
  }

  Object create(Object[] values) {
    try {
      return constructor.invokeExact(values);
    } catch (Throwable e) {
      throw new SerdeException("cannot construct " + type.getName() + ": " + e, e);
    }
  }
}
