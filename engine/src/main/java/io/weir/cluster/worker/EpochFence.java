package io.weir.cluster.worker;

/**
 * The highest leader epoch a worker has seen. It never goes backwards: a registration, heartbeat
 * or command of a lower epoch comes from a deposed leader and is refused.
 */
public final class EpochFence {
  /** Before any leader was seen: every epoch is admitted. */
  public static final long NONE = -1;

  private long highest = NONE;

  public long highest() {
    return highest;
  }

  public boolean admits(long epoch) {
    return epoch >= highest;
  }

  /** Records {@code epoch} as seen; throws when it is lower than one seen before (check {@link #admits} first). */
  public void advanceTo(long epoch) {
    if (!admits(epoch)) {
      throw new IllegalStateException("leader epoch " + epoch + " is older than " + highest + ", already seen");
    }
    highest = epoch;
  }

  /** Why a message of {@code epoch} is refused, in the words the worker logs or answers. */
  public String refusal(String what, long epoch) {
    return what + " from a deposed coordinator (epoch " + epoch + " < " + highest + ")";
  }
}
