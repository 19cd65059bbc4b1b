package io.weir.runtime.operator.window;

import io.weir.api.window.TimeWindow;
import io.weir.serde.ValueWriter;
import io.weir.serde.WritesItself;
import io.weir.state.GroupedKey;
import io.weir.state.KeyGroups;

/**
 * The state key of one window of one key. It is in the key's key group ({@link GroupedKey}), so a
 * window's contents live in ordinary keyed state of either backend and move with their key on a
 * rescale; its hash code mixes in the window, so the windows of one key (a record of a sliding
 * window is in several) do not all probe the same slot of a heap backend's table.
 */
public record WindowKey(Object key, TimeWindow window) implements GroupedKey, WritesItself {

  @Override
  public Object groupKey() {
    return key;
  }

  @Override
  public int hashCode() {
    long w = window.start() * 0x9E3779B97F4A7C15L + window.end();
    return 31 * KeyGroups.stableHash(key) + (int) (w ^ (w >>> 32));
  }

  /** The bytes of any record with these components (RocksDB encodes a window operator's key for each record). */
  @Override
  public void writeTo(ValueWriter writer) {
    writer.writeRecordClass(WindowKey.class);
    writer.write(key);
    if (window == null) {
      writer.write(null);
      return;
    }
    writer.writeRecordClass(TimeWindow.class);
    writer.writeLongComponent(window.start());
    writer.writeLongComponent(window.end());
  }

  @Override
  public boolean equals(Object o) {
    // windows first: a window operator's keys of one window share it, so this reads no window of another key
    return o instanceof WindowKey other && (window == other.window || window.equals(other.window)) && key.equals(other.key);
  }
}
