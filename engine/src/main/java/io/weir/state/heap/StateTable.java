package io.weir.state.heap;

import io.weir.api.state.StateDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One state's entries on the heap: a {@link StateMap} per key group, with copy-on-write marks. A
 * snapshot shares every key group's map; the first write to a shared group afterwards copies it
 * (and, for list and map states, the mutable values in it), so the snapshot's maps never change.
 */
final class StateTable {
  final String name;
  final StateDescriptor.Kind kind;
  final StateMap[] groups;
  private final boolean[] shared;

  StateTable(String name, StateDescriptor.Kind kind, int groupCount) {
    this.name = name;
    this.kind = kind;
    this.groups = new StateMap[groupCount];
    this.shared = new boolean[groupCount];
  }

  /** The key group's map, ready to be changed: created, or copied if a snapshot still reads it. */
  StateMap forWrite(int g) {
    StateMap m = groups[g];
    if (m == null) {
      m = new StateMap();
      groups[g] = m;
      shared[g] = false;
    } else if (shared[g]) {
      m = copy(m);
      groups[g] = m;
      shared[g] = false;
    }
    return m;
  }

  /** The key groups' maps as they are now, for a snapshot: later writes copy a group before changing it. */
  StateMap[] shareWithSnapshot() {
    java.util.Arrays.fill(shared, true);
    return groups.clone();
  }

  @SuppressWarnings("unchecked")
  private StateMap copy(StateMap m) {
    StateMap c = m.copy();
    if (kind == StateDescriptor.Kind.LIST) {
      c.replaceValues(v -> new ArrayList<>((List<Object>) v));
    } else if (kind == StateDescriptor.Kind.MAP) {
      c.replaceValues(v -> new HashMap<>((Map<Object, Object>) v));
    }
    return c;
  }
}
