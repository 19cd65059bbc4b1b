package io.weir.runtime.operator.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weir.api.window.TimeWindow;
import io.weir.state.KeyGroups;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WindowKeyTest {
  @Test
  void everyWindowOfAKeyIsInTheKeysKeyGroup() {
    for (long key = 0; key < 1000; key++) {
      for (long start = 0; start < 50_000; start += 2000) {
        WindowKey wk = new WindowKey(key, new TimeWindow(start, start + 10_000));
        assertEquals(KeyGroups.assign(key, 128), KeyGroups.assign(wk, 128), "key " + key + ", window at " + start);
      }
    }
  }

  @Test
  void theWindowsOfOneKeyHashApart() {
    Set<Integer> hashes = new HashSet<>();
    for (long start = 0; start < 50_000; start += 2000) {
      hashes.add(new WindowKey(42L, new TimeWindow(start, start + 10_000)).hashCode());
    }
    assertEquals(25, hashes.size());
  }

  @Test
  void equalWindowKeysHashAlike() {
    WindowKey a = new WindowKey("auction-7", new TimeWindow(1000, 2000));
    WindowKey b = new WindowKey("auction-7", new TimeWindow(1000, 2000));
    assertTrue(a.equals(b));
    assertEquals(a.hashCode(), b.hashCode());
  }
}
