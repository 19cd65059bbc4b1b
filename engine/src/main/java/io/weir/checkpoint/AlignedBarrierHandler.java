package io.weir.checkpoint;

import io.weir.runtime.network.CheckpointBarrier;
import java.util.BitSet;
import java.util.function.LongSupplier;

/**
 * Exactly-once alignment: a channel that delivered barrier n is blocked until every channel has;
 * then the snapshot is taken and all channels are released. A newer barrier arriving mid-alignment
 * abandons the older checkpoint.
 */
public final class AlignedBarrierHandler implements BarrierHandler {
  private final int channels;
  private final Actions actions;
  private final LongSupplier nanoClock;
  private final BitSet arrived = new BitSet();
  private CheckpointId current = new CheckpointId(-1);
  private long alignmentStart;

  public AlignedBarrierHandler(int channels, Actions actions, LongSupplier nanoClock) {
    this.channels = channels;
    this.actions = actions;
    this.nanoClock = nanoClock;
  }

  @Override
  public void onBarrier(int channel, CheckpointBarrier barrier) throws Exception {
    CheckpointId id = barrier.id();
    if (id.compareTo(current) < 0 || (id.equals(current) && arrived.isEmpty())) {
      return; // an abandoned or already-taken checkpoint: its stragglers are ignored
    }
    if (id.compareTo(current) > 0) {
      if (!arrived.isEmpty()) {
        CheckpointId old = current;
        release();
        actions.abandoned(old, "barrier of checkpoint " + id + " arrived before checkpoint " + old + " was aligned");
      }
      current = id;
      alignmentStart = nanoClock.getAsLong();
    }
    arrived.set(channel);
    if (arrived.cardinality() == channels) {
      long alignment = nanoClock.getAsLong() - alignmentStart;
      arrived.clear();
      actions.snapshot(barrier, alignment);
      actions.unblocked();
    }
  }

  @Override
  public boolean isBlocked(int channel) {
    return arrived.get(channel);
  }

  @Override
  public void abort(CheckpointId checkpointId) {
    if (checkpointId.compareTo(current) >= 0 && !arrived.isEmpty()) {
      release(); // the aborted alignment, or an older one whose barriers are ignored from now on
    }
    if (checkpointId.compareTo(current) >= 0) {
      current = checkpointId;
    }
  }

  private void release() {
    arrived.clear();
    actions.unblocked();
  }
}
