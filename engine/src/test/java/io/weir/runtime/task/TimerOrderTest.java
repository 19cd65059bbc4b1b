package io.weir.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerOrderTest {
  private static List<String> drain(TimerOrder order) {
    List<String> out = new ArrayList<>();
    while (!order.isEmpty()) {
      long ts = order.earliest();
      out.add(ts + ":" + order.pollEarliest());
    }
    return out;
  }

  @Test
  void pollsByTimestampAndKeysOfOneTimestampInTheOrderAdded() {
    TimerOrder order = new TimerOrder();
    order.add(20, "a");
    order.add(10, "b");
    order.add(20, "c");
    order.add(10, "d");
    order.add(30, "e");
    order.add(20, "f");
    assertEquals(List.of("10:b", "10:d", "20:a", "20:c", "20:f", "30:e"), drain(order));
    assertEquals(Long.MAX_VALUE, order.earliest());
  }

  @Test
  void aTimerAddedWhileDrainingGoesInItsPlace() {
    TimerOrder order = new TimerOrder();
    order.add(20, "a");
    order.add(20, "b");
    assertEquals("a", order.pollEarliest());
    order.add(15, "early");
    order.add(20, "c");
    assertEquals(15, order.earliest());
    assertEquals(List.of("15:early", "20:b", "20:c"), drain(order));
  }

  @Test
  void aTimestampWhoseBucketEmptiedCanBeAddedAgain() {
    TimerOrder order = new TimerOrder();
    order.add(5, "a");
    assertEquals("a", order.pollEarliest());
    assertTrue(order.isEmpty());
    order.add(5, "b");
    assertEquals(List.of("5:b"), drain(order));
  }
}
