package io.weir.cluster.ha;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest leader epoch seen, for workers and stores: an epoch at least as high is admitted
 * (and raises the fence), a lower one is refused. Thread-safe; the same rule, {@link #admits},
 * is applied by the job store's entry processors to the epoch stored with each job.
 */
public final class EpochFence {
  private final AtomicLong highest;

  public EpochFence() {
    this(0);
  }

  public EpochFence(long initial) {
    this.highest = new AtomicLong(initial);
  }

  /** The rule: a write or command under {@code epoch} is admitted where {@code highest} was seen. */
  public static boolean admits(long highest, long epoch) {
    return epoch >= highest;
  }

  public long highest() {
    return highest.get();
  }

  /** True when {@code epoch} is not lower than the highest seen; it then becomes the highest. */
  public boolean admit(long epoch) {
    long seen = highest.accumulateAndGet(epoch, Math::max);
    return admits(seen, epoch);
  }

  /** Records an epoch seen elsewhere (a refusal, a leader record); true when it is newer than any seen. */
  public boolean observe(long epoch) {
    return highest.getAndAccumulate(epoch, Math::max) < epoch;
  }

  /** Admits {@code epoch} or throws, naming {@code what} was refused. */
  public void check(long epoch, String what) {
    if (!admit(epoch)) {
      throw new StaleEpochException(what, epoch, highest());
    }
  }
}
