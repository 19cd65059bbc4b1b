package io.weir.state.ttl;

import io.weir.api.state.MapState;
import java.util.HashMap;
import java.util.Map;

/**
 * A map state whose entries expire one by one: the backend's map holds {@link TtlValue}s. Reading an
 * entry removes it if it expired (returning it that once if the visibility allows) and, updating on
 * read, renews its access time; {@link #entries} does so for every entry.
 */
public final class TtlMapState<K, V> implements MapState<K, V> {
  private final MapState<K, TtlValue<V>> raw;
  private final TtlPolicy policy;

  public TtlMapState(MapState<K, TtlValue<V>> raw, TtlPolicy policy) {
    this.raw = raw;
    this.policy = policy;
  }

  /** The entry of {@code key} as a read sees it, or null. */
  private TtlValue<V> read(K key) {
    TtlValue<V> stored = raw.get(key);
    if (stored == null) {
      return null;
    }
    long now = policy.now();
    if (policy.expired(stored, now)) {
      raw.remove(key);
      return policy.returnExpired ? stored : null;
    }
    if (policy.updateOnRead) {
      raw.put(key, new TtlValue<>(stored.value(), now));
    }
    return stored;
  }

  @Override
  public V get(K key) {
    TtlValue<V> v = read(key);
    policy.accessed();
    return v == null ? null : v.value();
  }

  @Override
  public boolean contains(K key) {
    boolean present = read(key) != null;
    policy.accessed();
    return present;
  }

  @Override
  public void put(K key, V value) {
    raw.put(key, new TtlValue<>(value, policy.now()));
    policy.accessed();
  }

  @Override
  public void remove(K key) {
    raw.remove(key);
    policy.accessed();
  }

  @Override
  public Map<K, V> entries() {
    Map<K, V> visible = new HashMap<>();
    long now = policy.now();
    for (Map.Entry<K, TtlValue<V>> e : raw.entries().entrySet()) {
      TtlValue<V> stored = e.getValue();
      if (policy.expired(stored, now)) {
        raw.remove(e.getKey());
        if (!policy.returnExpired) {
          continue;
        }
      } else if (policy.updateOnRead) {
        raw.put(e.getKey(), new TtlValue<>(stored.value(), now));
      }
      visible.put(e.getKey(), stored.value());
    }
    policy.accessed();
    return visible;
  }

  /** True when no entry is left that has not expired (expired ones are removed on the way). */
  @Override
  public boolean isEmpty() {
    long now = policy.now();
    boolean empty = true;
    for (Map.Entry<K, TtlValue<V>> e : raw.entries().entrySet()) {
      if (policy.expired(e.getValue(), now)) {
        raw.remove(e.getKey());
      } else {
        empty = false;
      }
    }
    policy.accessed();
    return empty;
  }

  @Override
  public void clear() {
    raw.clear();
    policy.accessed();
  }
}
