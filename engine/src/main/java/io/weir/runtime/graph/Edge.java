package io.weir.runtime.graph;

import io.weir.api.function.KeySelector;

/** A connection between two vertices; {@code keySelector} is set for hash edges. */
public record Edge(int id, int source, int target, Partitioning partitioning, KeySelector<Object, Object> keySelector) {

  public boolean allToAll() {
    return partitioning != Partitioning.FORWARD;
  }
}
