package io.weir.runtime.operator.join;

/**
 * A record of one input of a join, with its key: both inputs reach the join's subtasks on one hash
 * partitioning, so each record says which side it is from.
 */
public record JoinSide(boolean left, Object key, Object value) {
}
