package io.weir.state;

/**
 * What every keyed state backend keeps alike: the key groups it holds, the max parallelism that
 * maps keys to key groups, and the current key (set by the backend's {@link #setCurrentKey}, which
 * also keeps what it derives from the key: a hash and key group, or the key's encoding).
 */
public abstract class AbstractKeyedStateBackend implements KeyedStateBackend {
  protected final KeyGroupRange range;
  protected final int maxParallelism;
  /** Null until a key is set. */
  protected Object currentKey;

  protected AbstractKeyedStateBackend(KeyGroupRange range, int maxParallelism) {
    this.range = range;
    this.maxParallelism = maxParallelism;
  }

  @Override
  public final KeyGroupRange keyGroupRange() {
    return range;
  }

  @Override
  public final int maxParallelism() {
    return maxParallelism;
  }

  @Override
  public final Object currentKey() {
    return currentKey;
  }
}
