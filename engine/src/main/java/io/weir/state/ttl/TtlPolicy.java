package io.weir.state.ttl;

import io.weir.api.state.StateTtlConfig;
import java.util.function.LongSupplier;

/**
 * What the TTL decorators of one state object share: the time-to-live and its options, the
 * processing-time clock, and what the backend does after each access (the heap backend's
 * incremental cleanup; nothing for RocksDB).
 */
public final class TtlPolicy {
  final long ttl;
  final boolean updateOnRead;
  final boolean returnExpired;
  private final LongSupplier clock;
  private final Runnable afterAccess;

  public TtlPolicy(StateTtlConfig config, LongSupplier clock, Runnable afterAccess) {
    this.ttl = config.ttlMillis();
    this.updateOnRead = config.updateType() == StateTtlConfig.UpdateType.ON_READ_AND_WRITE;
    this.returnExpired = config.visibility() == StateTtlConfig.Visibility.RETURN_EXPIRED_IF_NOT_CLEANED_UP;
    this.clock = clock;
    this.afterAccess = afterAccess;
  }

  long now() {
    return clock.getAsLong();
  }

  boolean expired(TtlValue<?> v, long now) {
    return TtlValues.expired(v.lastAccess(), ttl, now);
  }

  void accessed() {
    afterAccess.run();
  }
}
