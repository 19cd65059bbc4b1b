package io.weir.checkpoint;

import io.weir.runtime.network.CheckpointBarrier;

/**
 * Decides, for a task with input channels, when a checkpoint's snapshot is taken and which
 * channels may be read meanwhile. One implementation per alignment policy.
 */
public interface BarrierHandler {

  /** What the handler asks of its task. */
  interface Actions {
    /** All barriers of the checkpoint are in: snapshot now, then forward the barrier. */
    void snapshot(CheckpointBarrier barrier, long alignmentNanos) throws Exception;

    /** A checkpoint was given up before its snapshot (a newer barrier overtook it). */
    void abandoned(CheckpointId checkpointId, String reason);

    /** Channels that were blocked may be read again. */
    void unblocked();
  }

  /** A barrier arrived on {@code channel}, in order with that channel's records. */
  void onBarrier(int channel, CheckpointBarrier barrier) throws Exception;

  /** Whether records of {@code channel} must wait (exactly-once alignment). */
  boolean isBlocked(int channel);

  /** The coordinator aborted {@code checkpointId}: stop waiting for its barriers. */
  void abort(CheckpointId checkpointId);

  static BarrierHandler create(io.weir.config.CheckpointMode mode, int channels, Actions actions,
                               java.util.function.LongSupplier nanoClock) {
    return mode == io.weir.config.CheckpointMode.EXACTLY_ONCE
        ? new AlignedBarrierHandler(channels, actions, nanoClock)
        : new AtLeastOnceBarrierHandler(channels, actions, nanoClock);
  }
}
