package io.weir.connector.eventbus;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The last {@code capacity} message ids seen, oldest first; the oldest is forgotten when a new one comes. */
final class RecentIds {
  private final int capacity;
  private final LinkedHashSet<String> ids = new LinkedHashSet<>();

  RecentIds(int capacity, List<String> restored) {
    this.capacity = capacity;
    restored.forEach(this::add);
  }

  boolean contains(String id) {
    return ids.contains(id);
  }

  void add(String id) {
    ids.add(id);
    if (ids.size() > capacity) {
      ids.remove(ids.iterator().next());
    }
  }

  List<String> toList() {
    return new ArrayList<>(ids);
  }
}
