package io.weir.state.heap;

import io.weir.api.state.StateDescriptor;
import io.weir.state.StateAccessException;
import io.weir.state.ttl.TtlValues;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One state's entries on the heap: a {@link StateMap} per key group, with copy-on-write marks. A
 * snapshot shares every key group's map and moves the table to its next {@link #version}; the first
 * write to a shared group afterwards copies the group's map, and a list or map value of an earlier
 * version is copied when it is first changed ({@link #owned}), so the snapshot's maps and values
 * never change.
 * A state with a time-to-live ({@link #ttl} &gt; 0) holds {@code TtlValue}s (in lists and maps: as
 * elements and map values); {@link #cleanupSome} walks its slots a few at a time to drop expired ones.
 * A state without one may hold restored values still encoded ({@link SerializedValue}) in its slots.
 */
final class StateTable {
  final String name;
  final StateDescriptor.Kind kind;
  final StateMap[] groups;
  private final boolean[] shared;
  /** Counts the snapshots taken: lists and maps made at an earlier version may be shared with one. */
  int version;
  /** The time-to-live (ms) the entries are kept with; 0: plain values that never expire. */
  long ttl;
  /** Whether a state object was made for this table (a restore makes tables that none was made for yet). */
  private boolean declared;
  // where the incremental cleanup goes on
  private int cleanupGroup;
  private int cleanupSlot;

  StateTable(String name, StateDescriptor.Kind kind, int groupCount, long ttl, boolean declared) {
    this.name = name;
    this.kind = kind;
    this.groups = new StateMap[groupCount];
    this.shared = new boolean[groupCount];
    this.ttl = ttl;
    this.declared = declared;
  }

  /**
   * A state object with time-to-live {@code newTtl} (0: none) is made for this table. The first
   * declaration of a restored table converts its entries (see {@link TtlValues}); later ones must
   * agree on whether the state expires.
   *
   * @return whether the entries were converted (slots moved)
   */
  boolean declare(long newTtl, long now) {
    if (!declared) {
      declared = true;
      if (newTtl != ttl) {
        convertAll(newTtl, now);
        return true;
      }
      return false;
    }
    if ((newTtl > 0) != (ttl > 0)) {
      throw StateAccessException.otherTimeToLive(name, ttl, newTtl);
    }
    ttl = newTtl;
    return false;
  }

  private void convertAll(long newTtl, long now) {
    TtlValues.Shape shape = TtlValues.Shape.onHeap(kind);
    for (int g = 0; g < groups.length; g++) {
      if (groups[g] != null) {
        StateMap converted = new StateMap();
        groups[g].forEach((k, v) -> {
          Object c = TtlValues.convert(decoded(v), shape, ttl, newTtl, now);
          if (c != TtlValues.GONE) {
            converted.put(k, StateMap.hash(k), c);
          }
        });
        groups[g] = converted;
        shared[g] = false;
      }
    }
    ttl = newTtl;
  }

  /**
   * Looks at up to {@code slots} slots (an absent key group counts as one) from where the last call
   * stopped, and drops what expired of their entries.
   *
   * @return whether an entry was removed (slots may have moved)
   */
  boolean cleanupSome(int slots, long now) {
    TtlValues.Shape shape = TtlValues.Shape.onHeap(kind);
    boolean removed = false;
    for (int looked = 0; looked < slots && groups.length > 0; looked++) {
      StateMap m = groups[cleanupGroup];
      if (m == null || cleanupSlot >= m.capacity()) {
        cleanupGroup = (cleanupGroup + 1) % groups.length;
        cleanupSlot = 0;
        continue;
      }
      int slot = cleanupSlot++;
      if (!m.occupied(slot)) {
        continue;
      }
      Object v = m.valueAt(slot);
      Object left = TtlValues.convert(v, shape, ttl, ttl, now);
      if (left == TtlValues.GONE) {
        Object key = m.keyAt(slot);
        forWrite(cleanupGroup).remove(key, StateMap.hash(key));
        cleanupSlot = slot; // the removal may have shifted the next entry into this slot
        removed = true;
      } else if (left != v) {
        forWrite(cleanupGroup).setValueAt(slot, left);
      }
    }
    return removed;
  }

  /** The key group's map, ready to be changed: created, or copied if a snapshot still reads it. */
  StateMap forWrite(int g) {
    StateMap m = groups[g];
    if (m == null) {
      m = new StateMap();
      groups[g] = m;
      shared[g] = false;
    } else if (shared[g]) {
      m = m.copy(); // its lists and maps are still the snapshot's: copied as they are changed (owned)
      groups[g] = m;
      shared[g] = false;
    }
    return m;
  }

  /** The key groups' maps as they are now, for a snapshot: later writes copy a group before changing it. */
  StateMap[] shareWithSnapshot() {
    java.util.Arrays.fill(shared, true);
    version++;
    return groups.clone();
  }

  /** A new list of this table's list state, changed in place until the next snapshot. */
  List<Object> newList() {
    return new OwnedContainers.OwnedList(version);
  }

  List<Object> newList(Collection<?> elements) {
    return new OwnedContainers.OwnedList(version, elements);
  }

  /** A new map of this table's map state, changed in place until the next snapshot. */
  Map<Object, Object> newMap() {
    return new OwnedContainers.OwnedMap(version);
  }

  /**
   * The list or map {@code value} itself if it was made since the last snapshot, else a copy of it
   * (the caller puts the copy in its slot): the value a write may change in place. Values a restore
   * or a time-to-live conversion made are copied too, once.
   */
  @SuppressWarnings("unchecked")
  Object owned(Object value) {
    if (value instanceof OwnedContainers.OwnedList l && l.version == version
        || value instanceof OwnedContainers.OwnedMap m && m.version == version) {
      return value;
    }
    return value instanceof List<?> l ? new OwnedContainers.OwnedList(version, l)
        : new OwnedContainers.OwnedMap(version, (Map<Object, Object>) value);
  }

  /** A slot's value, decoded if a restore left it encoded (only states without a time-to-live hold such values). */
  Object decoded(Object slotValue) {
    return slotValue instanceof SerializedValue pending ? pending.decode(name) : slotValue;
  }
}
