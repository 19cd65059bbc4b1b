package io.weir.serde;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;

/** How a Java record is taken apart and put back together: its component accessors and its canonical constructor. */
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

  private RecordLayout(Class<?> type) {
    this.type = type;
    if (!type.isRecord()) {
      throw new SerdeException(type.getName() + " is not a record (the data is corrupt or was written by another version)");
    }
    RecordComponent[] components = type.getRecordComponents();
    accessors = new MethodHandle[components.length];
    Class<?>[] types = new Class<?>[components.length];
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      for (int i = 0; i < components.length; i++) {
        var accessor = components[i].getAccessor();
        accessor.setAccessible(true);
        accessors[i] = lookup.unreflect(accessor).asType(MethodType.methodType(Object.class, Object.class));
        types[i] = components[i].getType();
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

  Object create(Object[] values) {
    try {
      return constructor.invokeExact(values);
    } catch (Throwable e) {
      throw new SerdeException("cannot construct " + type.getName() + ": " + e, e);
    }
  }
}
