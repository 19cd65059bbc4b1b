package io.weir.runtime.graph;

/** How records of an edge are spread over the receiving subtasks. */
public enum Partitioning {
  /** Subtask i sends to subtask i (equal parallelism); forward edges are chained into one task. */
  FORWARD,
  /** Round-robin over all receivers. */
  REBALANCE,
  /** Every record to every receiver. */
  BROADCAST,
  /** By the key's key group: every record of a key reaches the same subtask. */
  HASH
}
