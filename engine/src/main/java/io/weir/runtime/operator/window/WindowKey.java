package io.weir.runtime.operator.window;

import io.weir.api.window.TimeWindow;
import io.weir.state.KeyGroups;

/**
 * The state key of one window of one key. It hashes exactly as the key does, so it falls in the
 * key's key group: a window's contents live in ordinary keyed state of either backend and move
 * with their key on a rescale.
 */
public record WindowKey(Object key, TimeWindow window) {

  @Override
  public int hashCode() {
    return KeyGroups.stableHash(key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WindowKey other && key.equals(other.key) && window.equals(other.window);
  }
}
