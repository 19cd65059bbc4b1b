package io.weir.checkpoint;

import io.weir.runtime.network.CheckpointBarrier;
import java.util.BitSet;
import java.util.function.LongSupplier;

/**
 * At-least-once: channels are never blocked; the snapshot is taken when the last channel's barrier
 * arrives. Records that overtook the barrier on faster channels are in the snapshot's state and may
 * be replayed after a restore: duplicates are possible, losses are not.
 */
public final class AtLeastOnceBarrierHandler implements BarrierHandler {
  private final int channels;
  private final Actions actions;
  private final LongSupplier nanoClock;
  private final BitSet arrived = new BitSet();
  private CheckpointId current = new CheckpointId(-1);
  private long firstArrival;

  public AtLeastOnceBarrierHandler(int channels, Actions actions, LongSupplier nanoClock) {
    this.channels = channels;
    this.actions = actions;
    this.nanoClock = nanoClock;
  }

  @Override
  public void onBarrier(int channel, CheckpointBarrier barrier) throws Exception {
    CheckpointId id = barrier.id();
    if (id.compareTo(current) < 0 || (id.equals(current) && arrived.isEmpty())) {
      return;
    }
    if (id.compareTo(current) > 0) {
      if (!arrived.isEmpty()) {
        actions.abandoned(current, "barrier of checkpoint " + id + " arrived before all barriers of checkpoint " + current);
      }
      arrived.clear();
      current = id;
      firstArrival = nanoClock.getAsLong();
    }
    arrived.set(channel);
    if (arrived.cardinality() == channels) {
      arrived.clear();
      actions.snapshot(barrier, nanoClock.getAsLong() - firstArrival);
    }
  }

  @Override
  public boolean isBlocked(int channel) {
    return false;
  }

  @Override
  public void abort(CheckpointId checkpointId) {
    if (checkpointId.compareTo(current) >= 0) {
      arrived.clear();
      current = checkpointId;
    }
  }
}
