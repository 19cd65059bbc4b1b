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
  private long current = -1;
  private long alignmentStart;

  public AlignedBarrierHandler(int channels, Actions actions, LongSupplier nanoClock) {
    this.channels = channels;
    this.actions = actions;
    this.nanoClock = nanoClock;
  }

  @Override
  public void onBarrier(int channel, CheckpointBarrier barrier) throws Exception {
    long id = barrier.id();
    if (id < current || (id == current && arrived.isEmpty())) {
      return; // an abandoned or already-taken checkpoint: its stragglers are ignored
    }
    if (id > current) {
      if (!arrived.isEmpty()) {
        long old = current;
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
  public void abort(long checkpointId) {
    if (checkpointId >= current && !arrived.isEmpty()) {
      release(); // the aborted alignment, or an older one whose barriers are ignored from now on
    }
    if (checkpointId >= current) {
      current = checkpointId;
    }
  }

  private void release() {
    arrived.clear();
    actions.unblocked();
  }
}
