package io.weir.serde;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * How a Java record is taken apart and put back together: its component accessors and its
 * canonical constructor. Each accessor is a lambda made by {@link LambdaMetafactory} in the
 * record's own class (an interface call to the accessor, which the JIT inlines like any), where
 * a method handle that is not a constant is called through its lambda forms: on q8 with RocksDB
 * state, reading and writing records spent 7% of the task's time there. A {@code long} or
 * {@code int} component is also read unboxed ({@link #longComponent}, {@link #intComponent}), so
 * writing it allocates nothing. A record whose class the lambdas cannot be defined in (another
 * module that is not open) is read through method handles.
 */
final class RecordLayout {
  private static final ClassValue<RecordLayout> LAYOUTS = new ClassValue<>() {
    @Override
    protected RecordLayout computeValue(Class<?> type) {
      return new RecordLayout(type, true);
    }
  };

  final Class<?> type;
  /** One per component: the component's value, boxed when primitive. */
  final Function<Object, Object>[] accessors;
  final MethodHandle constructor;
  /** Each component's type. */
  final Class<?>[] types;
  // the accessors of long and int components, null for the others
  private final ToLongFunction<Object>[] longAccessors;
  private final ToIntFunction<Object>[] intAccessors;

  /** {@code lambdas} false: through method handles, as for a record the lambdas cannot be defined in. */
  @SuppressWarnings("unchecked")
  RecordLayout(Class<?> type, boolean lambdas) {
    this.type = type;
    if (!type.isRecord()) {
      throw new SerdeException(type.getName() + " is not a record (the data is corrupt or was written by another version)");
    }
    RecordComponent[] components = type.getRecordComponents();
    accessors = new Function[components.length];
    longAccessors = new ToLongFunction[components.length];
    intAccessors = new ToIntFunction[components.length];
    types = new Class<?>[components.length];
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodHandles.Lookup owner = lambdas ? ownLookup(type, lookup) : null;
      for (int i = 0; i < components.length; i++) {
        var accessor = components[i].getAccessor();
        accessor.setAccessible(true);
        MethodHandle handle = (owner == null ? lookup : owner).unreflect(accessor);
        types[i] = components[i].getType();
        accessors[i] = (Function<Object, Object>) accessor(owner, handle, Function.class, "apply", Object.class);
        if (types[i] == long.class) {
          longAccessors[i] = (ToLongFunction<Object>) accessor(owner, handle, ToLongFunction.class, "applyAsLong", long.class);
        } else if (types[i] == int.class) {
          intAccessors[i] = (ToIntFunction<Object>) accessor(owner, handle, ToIntFunction.class, "applyAsInt", int.class);
        }
      }
      var canonical = type.getDeclaredConstructor(types);
      canonical.setAccessible(true);
      constructor = lookup.unreflectConstructor(canonical).asSpreader(Object[].class, types.length)
          .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (Throwable e) {
      throw new SerdeException("record " + type.getName() + " cannot be serialized: " + e.getMessage(), e);
    }
  }

  /** A lookup with full access in the record's class, or null when it cannot have one. */
  private static MethodHandles.Lookup ownLookup(Class<?> type, MethodHandles.Lookup lookup) {
    try {
      MethodHandles.Lookup owner = MethodHandles.privateLookupIn(type, lookup);
      return owner.hasFullPrivilegeAccess() ? owner : null;
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The accessor {@code handle} as an instance of the functional interface {@code fi} whose method
   * {@code name} takes an Object and returns {@code returns}: a lambda defined in the record's
   * class, or, without {@code owner}, one that calls the handle.
   */
  private static Object accessor(MethodHandles.Lookup owner, MethodHandle handle, Class<?> fi, String name,
                                 Class<?> returns) throws Throwable {
    Class<?> type = handle.type().parameterType(0);
    Class<?> component = handle.type().returnType();
    if (owner != null) {
      CallSite site = LambdaMetafactory.metafactory(owner, name, MethodType.methodType(fi),
          MethodType.methodType(returns, Object.class), handle, MethodType.methodType(
              returns == Object.class ? MethodType.methodType(component).wrap().returnType() : component, type));
      return site.getTarget().invoke();
    }
    MethodHandle general = handle.asType(MethodType.methodType(returns, Object.class));
    if (fi == ToLongFunction.class) {
      return (ToLongFunction<Object>) r -> {
        try {
          return (long) general.invokeExact(r);
        } catch (Throwable e) {
          throw unreadable(type, e);
        }
      };
    } else if (fi == ToIntFunction.class) {
      return (ToIntFunction<Object>) r -> {
        try {
          return (int) general.invokeExact(r);
        } catch (Throwable e) {
          throw unreadable(type, e);
        }
      };
    }
    return (Function<Object, Object>) r -> {
      try {
        return general.invokeExact(r);
      } catch (Throwable e) {
        throw unreadable(type, e);
      }
    };
  }

  private static SerdeException unreadable(Class<?> type, Throwable e) {
    return new SerdeException("cannot read a component of " + type.getName() + ": " + e, e);
  }

  static RecordLayout of(Class<?> type) {
    return LAYOUTS.get(type);
  }

  Object component(Object record, int index) {
    return accessors[index].apply(record);
  }

  /** Component {@code index}, which is a {@code long}, unboxed. */
  long longComponent(Object record, int index) {
    return longAccessors[index].applyAsLong(record);
  }

  /** Component {@code index}, which is an {@code int}, unboxed. */
  int intComponent(Object record, int index) {
    return intAccessors[index].applyAsInt(record);
  }

  Object create(Object[] values) {
    try {
      return constructor.invokeExact(values);
    } catch (Throwable e) {
      throw new SerdeException("cannot construct " + type.getName() + ": " + e, e);
    }
  }
}
