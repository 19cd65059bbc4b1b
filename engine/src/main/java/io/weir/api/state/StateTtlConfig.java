package io.weir.api.state;

import java.time.Duration;
import java.util.Objects;

/**
 * How long keyed state lives after its last access, in processing time (Flink's
 * {@code StateTtlConfig}). Each value, list element and map entry carries the time it was last
 * written (and, with {@link UpdateType#ON_READ_AND_WRITE}, read); once {@link #ttl} has passed
 * since then it is expired: reads no longer see it, snapshots leave it out, and the heap backend
 * removes up to {@link #cleanupSize} expired entries of the state on every access.
 * Set it on a descriptor with {@link StateDescriptor#enableTimeToLive}.
 */
public record StateTtlConfig(Duration ttl, UpdateType updateType, Visibility visibility, int cleanupSize) {

  /** Expired entries the heap backend looks for on each access of a state, unless configured otherwise. */
  public static final int DEFAULT_CLEANUP_SIZE = 5;

  /** Which accesses restart an entry's time-to-live. */
  public enum UpdateType { ON_CREATE_AND_WRITE, ON_READ_AND_WRITE }

  /** Whether a read may still return an entry that has expired but was not removed yet (it is removed then). */
  public enum Visibility { NEVER_RETURN_EXPIRED, RETURN_EXPIRED_IF_NOT_CLEANED_UP }

  public StateTtlConfig {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(updateType, "updateType");
    Objects.requireNonNull(visibility, "visibility");
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException("a state time-to-live must be at least 1 ms, got " + ttl);
    }
    if (cleanupSize < 0) {
      throw new IllegalArgumentException("the incremental cleanup size must not be negative, got " + cleanupSize);
    }
  }

  /** A time-to-live of {@code ttl}, restarted on create and write, never returning expired entries. */
  public static Builder newBuilder(Duration ttl) {
    return new Builder(ttl);
  }

  public long ttlMillis() {
    return ttl.toMillis();
  }

  /** Builds a {@link StateTtlConfig}; the defaults are Flink's. */
  public static final class Builder {
    private final Duration ttl;
    private UpdateType updateType = UpdateType.ON_CREATE_AND_WRITE;
    private Visibility visibility = Visibility.NEVER_RETURN_EXPIRED;
    private int cleanupSize = DEFAULT_CLEANUP_SIZE;

    private Builder(Duration ttl) {
      this.ttl = ttl;
    }

    public Builder setUpdateType(UpdateType type) {
      this.updateType = type;
      return this;
    }

    public Builder updateTtlOnReadAndWrite() {
      return setUpdateType(UpdateType.ON_READ_AND_WRITE);
    }

    public Builder setStateVisibility(Visibility visibility) {
      this.visibility = visibility;
      return this;
    }

    public Builder returnExpiredIfNotCleanedUp() {
      return setStateVisibility(Visibility.RETURN_EXPIRED_IF_NOT_CLEANED_UP);
    }

    /** Expired entries the heap backend looks for on each access of the state (0: only on snapshots and reads). */
    public Builder cleanupIncrementally(int entriesPerAccess) {
      this.cleanupSize = entriesPerAccess;
      return this;
    }

    public StateTtlConfig build() {
      return new StateTtlConfig(ttl, updateType, visibility, cleanupSize);
    }
  }
}
