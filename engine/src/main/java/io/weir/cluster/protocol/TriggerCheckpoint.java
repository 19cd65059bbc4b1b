package io.weir.cluster.protocol;

import io.weir.runtime.network.CheckpointBarrier;

/** The leader asks a source task to take checkpoint {@code barrier.id()} and emit its barrier. */
public record TriggerCheckpoint(long epoch, TaskAttempt attempt, CheckpointBarrier barrier) {
}
