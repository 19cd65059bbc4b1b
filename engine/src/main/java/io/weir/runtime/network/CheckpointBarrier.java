package io.weir.runtime.network;

import io.weir.checkpoint.CheckpointId;

/**
 * The in-band marker of checkpoint {@code id}: everything a channel carried before it belongs to
 * the checkpoint, everything after to the next. A savepoint names its own storage.
 */
public record CheckpointBarrier(CheckpointId id, long timestamp, boolean savepoint, String storageUri) {
}
