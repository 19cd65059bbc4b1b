package io.weir.state.heap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The mutable values of list and map states, each marked with the version of its table
 * ({@link StateTable#version}) it was made at. A snapshot shares them all and moves the table to the
 * next version, so a list or map of an earlier version may be one a snapshot is writing: it is
 * copied the first time it is changed after that, and only then (Flink's heap state copies its
 * entries the same way), instead of every value of a key group being copied at the group's first
 * write after a snapshot.
 */
final class OwnedContainers {
  private OwnedContainers() {
  }

  /** A list state's list, changed in place at its version. */
  static final class OwnedList extends ArrayList<Object> {
    final int version;

    OwnedList(int version) {
      this.version = version;
    }

    OwnedList(int version, Collection<?> elements) {
      super(elements);
      this.version = version;
    }
  }

  /** A map state's map, changed in place at its version. */
  static final class OwnedMap extends HashMap<Object, Object> {
    final int version;

    OwnedMap(int version) {
      this.version = version;
    }

    OwnedMap(int version, Map<?, ?> entries) {
      super(entries);
      this.version = version;
    }
  }
}
