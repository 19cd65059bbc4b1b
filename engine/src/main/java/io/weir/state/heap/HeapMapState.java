package io.weir.state.heap;

import io.weir.api.state.MapState;
import java.util.HashMap;
import java.util.Map;

/**
 * A map per key: a mutable map in the key group's map, changed in place (a copy when a snapshot may
 * share the map: {@link StateTable#owned}); a key whose map becomes empty has no state any more.
 */
final class HeapMapState<K, V> implements MapState<K, V> {
  private final HeapKeyedStateBackend backend;
  private final StateTable table;

  HeapMapState(HeapKeyedStateBackend backend, StateTable table) {
    this.backend = backend;
    this.table = table;
  }

  @SuppressWarnings("unchecked")
  private Map<K, V> read() {
    return (Map<K, V>) backend.get(table);
  }

  @SuppressWarnings("unchecked")
  private Map<K, V> write() {
    Map<K, V> m = (Map<K, V>) backend.writable(table);
    if (m == null) {
      m = (Map<K, V>) table.newMap();
      backend.put(table, m);
    }
    return m;
  }

  @Override
  public V get(K key) {
    Map<K, V> m = read();
    return m == null ? null : m.get(key);
  }

  @Override
  public void put(K key, V value) {
    write().put(key, value);
  }

  @Override
  public void remove(K key) {
    Map<K, V> m = read();
    if (m != null && m.containsKey(key)) {
      Map<K, V> w = write();
      w.remove(key);
      if (w.isEmpty()) {
        backend.remove(table);
      }
    }
  }

  @Override
  public boolean contains(K key) {
    Map<K, V> m = read();
    return m != null && m.containsKey(key);
  }

  @Override
  public Map<K, V> entries() {
    Map<K, V> m = read();
    return m == null ? Map.of() : new HashMap<>(m);
  }

  @Override
  public boolean isEmpty() {
    Map<K, V> m = read();
    return m == null || m.isEmpty();
  }

  @Override
  public void clear() {
    backend.remove(table);
  }
}
