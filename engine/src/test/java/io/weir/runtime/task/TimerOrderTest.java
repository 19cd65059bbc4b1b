package io.weir.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
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

  @Test
  void manyTimersInterleavedWithPollsComeOutByTimestampThenInTheOrderAdded() {
    TimerOrder order = new TimerOrder();
    Random random = new Random(42);
    record Timer(long ts, int added) {
    }
    List<Timer> pending = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    List<String> polled = new ArrayList<>();
    int added = 0;
    for (int round = 0; round < 200; round++) {
      for (int i = 0; i < random.nextInt(100); i++) {
        long ts = 1_000 + random.nextInt(50); // few timestamps, many keys each
        order.add(ts, "k" + added);
        pending.add(new Timer(ts, added++));
      }
      pending.sort(Comparator.comparingLong(Timer::ts).thenComparingInt(Timer::added));
      for (int i = 0; i < random.nextInt(80) && !pending.isEmpty(); i++) {
        Timer t = pending.remove(0);
        expected.add(t.ts() + ":k" + t.added());
        long ts = order.earliest();
        polled.add(ts + ":" + order.pollEarliest());
      }
    }
    pending.forEach(t -> expected.add(t.ts() + ":k" + t.added()));
    polled.addAll(drain(order));
    assertEquals(expected, polled);
  }
}
