package io.weir.state.ttl;

import io.weir.api.state.StateDescriptor;
import io.weir.api.state.StateTtlConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stored entries of a state as they pass a snapshot, a restore or a change of time-to-live: what is
 * left of an entry kept with time-to-live {@code from} (0: none) for a state with time-to-live
 * {@code to}. The rule, in both backends:
 * <ul>
 *   <li>same time-to-live (0 and 0 aside): expired values, elements and map entries are dropped, the
 *       rest keep their access times, so a restored entry expires when it would have;</li>
 *   <li>none before, one now: every value is kept, with the time of the conversion as its access
 *       time (it lives one full time-to-live from the restore);</li>
 *   <li>one before, another now: the new time-to-live decides what has expired, times are kept;</li>
 *   <li>one before, none now: what had expired by the old time-to-live is dropped, the rest is kept
 *       without times and never expires.</li>
 * </ul>
 */
public final class TtlValues {
  /** What {@link #convert} returns when nothing of an entry is left. */
  public static final Object GONE = new Object() {
    @Override
    public String toString() {
      return "GONE";
    }
  };

  /** How an entry holds values: one, a list of them, or a map to them (the heap backend's map state). */
  public enum Shape {
    ONE, LIST, MAP;

    /** The shape of a heap entry of a state of {@code kind}. */
    public static Shape onHeap(StateDescriptor.Kind kind) {
      return switch (kind) {
        case VALUE, REDUCING -> ONE;
        case LIST -> LIST;
        case MAP -> MAP;
      };
    }

    /** The shape of a RocksDB entry of a state of {@code kind} (a map entry is one RocksDB entry). */
    public static Shape inRocksDb(StateDescriptor.Kind kind) {
      return kind == StateDescriptor.Kind.LIST ? LIST : ONE;
    }
  }

  private TtlValues() {
  }

  /** The time-to-live of a descriptor in ms, 0 when its state never expires. */
  public static long millis(StateDescriptor d) {
    StateTtlConfig c = d.ttlConfig();
    return c == null ? 0 : c.ttlMillis();
  }

  static boolean expired(long lastAccess, long ttl, long now) {
    return now - lastAccess >= ttl;
  }

  /**
   * What is left of {@code stored} (of {@code shape}, kept with time-to-live {@code from}) for a
   * state with time-to-live {@code to} at {@code now}: {@link #GONE}, {@code stored} itself when
   * nothing changes, or a new value (lists and maps are new, mutable ones).
   */
  public static Object convert(Object stored, Shape shape, long from, long to, long now) {
    if (from == 0 && to == 0) {
      return stored;
    }
    return switch (shape) {
      case ONE -> one(stored, from, to, now);
      case LIST -> list((List<?>) stored, from, to, now);
      case MAP -> map((Map<?, ?>) stored, from, to, now);
    };
  }

  private static Object one(Object stored, long from, long to, long now) {
    if (from == 0) {
      return new TtlValue<>(stored, now);
    }
    TtlValue<?> v = (TtlValue<?>) stored;
    if (expired(v.lastAccess(), to > 0 ? to : from, now)) {
      return GONE;
    }
    return to > 0 ? v : v.value();
  }

  private static Object list(List<?> stored, long from, long to, long now) {
    if (from == to && none(stored, to, now)) {
      return stored;
    }
    List<Object> left = new ArrayList<>(stored.size());
    for (Object e : stored) {
      Object c = one(e, from, to, now);
      if (c != GONE) {
        left.add(c);
      }
    }
    return left.isEmpty() ? GONE : left;
  }

  private static Object map(Map<?, ?> stored, long from, long to, long now) {
    if (from == to && none(stored.values(), to, now)) {
      return stored;
    }
    Map<Object, Object> left = new HashMap<>();
    for (Map.Entry<?, ?> e : stored.entrySet()) {
      Object c = one(e.getValue(), from, to, now);
      if (c != GONE) {
        left.put(e.getKey(), c);
      }
    }
    return left.isEmpty() ? GONE : left;
  }

  /** True when none of {@code values} (all {@link TtlValue}s) has expired. */
  private static boolean none(Iterable<?> values, long ttl, long now) {
    for (Object v : values) {
      if (expired(((TtlValue<?>) v).lastAccess(), ttl, now)) {
        return false;
      }
    }
    return true;
  }
}
