package io.weir.checkpoint;

/**
 * Why a checkpoint in progress did not complete. A failure (it expired, a task declined it, its
 * metadata could not be written) counts towards the tolerated consecutive failures; an abort (the
 * job stopped or restarts, a newer checkpoint completed first) does not.
 */
record CheckpointFailure(String reason, boolean counts) {
  static CheckpointFailure failed(String reason) {
    return new CheckpointFailure(reason, true);
  }

  static CheckpointFailure aborted(String reason) {
    return new CheckpointFailure(reason, false);
  }
}
