package io.weir.state.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The open-addressing map behaves as a HashMap under random puts and removes, including colliding keys. */
class StateMapTest {

  /** A key whose hash collides with many others, to exercise probing and backward-shift deletion. */
  private record Colliding(int id) {
    @Override
    public int hashCode() {
      return id % 7;
    }
  }

  @Test
  void unboxedPutsAgreeWithAHashMapAndKeepTheLongLayout() {
    Random random = new Random(7);
    StateMap map = new StateMap();
    Map<Object, Object> reference = new HashMap<>();
    for (int step = 0; step < 50_000; step++) {
      long key = random.nextInt(20_000) - 10_000;
      map.putLong(key, step);
      reference.put(key, (long) step);
    }
    assertThat(map.longLayout()).isTrue();
    assertSame(map, reference);
    map.put("text", StateMap.hash("text"), "value");
    map.putLong(5, -5);
    reference.put("text", "value");
    reference.put(5L, -5L);
    assertThat(map.longLayout()).isFalse();
    assertSame(map, reference);
  }

  @Test
  void longKeysPutUnboxedWithObjectValuesAgreeWithAHashMapInEveryLayout() {
    Random random = new Random(11);
    StateMap map = new StateMap();
    Map<Object, Object> reference = new HashMap<>();
    for (int step = 0; step < 30_000; step++) {
      long key = random.nextInt(8_000) - 4_000;
      Object value = step % 3 == 0 ? (Object) (long) step : "v" + step; // long values first, then objects
      map.putLongKey(key, value);
      reference.put(key, value);
      if (step == 15_000) {
        assertThat(map.longKeyLayout()).as("long keys with object values").isTrue();
        map.put("text", StateMap.hash("text"), "general");
        reference.put("text", "general");
      }
    }
    assertThat(map.longKeyLayout()).as("a key that is not a long turned the map general").isFalse();
    assertSame(map, reference);
  }

  @Test
  void aMapWithRoomReservedHoldsWhatIsPutInBothLayoutsAndStillGrowsPastIt() {
    StateMap longs = new StateMap();
    StateMap general = new StateMap();
    Map<Object, Object> longReference = new HashMap<>();
    Map<Object, Object> generalReference = new HashMap<>();
    longs.reserve(1000);
    general.put("first", StateMap.hash("first"), "x");
    general.remove("first", StateMap.hash("first"));
    general.reserve(1000);
    for (long k = 0; k < 3000; k++) { // three times what was reserved
      longs.putLong(k * 31, k);
      longReference.put(k * 31, k);
      String key = "k" + k;
      general.put(key, StateMap.hash(key), k);
      generalReference.put(key, k);
    }
    assertThat(longs.longLayout()).isTrue();
    assertSame(longs, longReference);
    assertThat(general.longLayout()).isFalse();
    assertSame(general, generalReference);
  }

  @Test
  void randomPutsAndRemovesAgreeWithAHashMap() {
    Random random = new Random(42);
    StateMap map = new StateMap();
    Map<Object, Object> reference = new HashMap<>();
    for (int step = 0; step < 200_000; step++) {
      Object key = random.nextBoolean() ? (Object) (long) random.nextInt(500) : new Colliding(random.nextInt(300));
      int hash = StateMap.hash(key);
      if (random.nextInt(3) == 0) {
        assertThat(map.remove(key, hash)).isEqualTo(reference.remove(key) != null);
      } else {
        Object value = step;
        map.put(key, hash, value);
        reference.put(key, value);
      }
      if (step % 10_000 == 0) {
        assertSame(map, reference);
      }
    }
    assertSame(map, reference);
  }

  @Test
  void longValuesAreKeptUnboxedUntilAValueOfAnotherTypeArrives() {
    StateMap map = new StateMap();
    Map<Object, Object> reference = new HashMap<>();
    for (long k = 0; k < 100; k++) {
      map.put(k, StateMap.hash(k), k * 3);
      reference.put(k, k * 3);
    }
    assertSame(map, reference);
    map.put(7L, StateMap.hash(7L), "seven");
    reference.put(7L, "seven");
    map.remove(8L, StateMap.hash(8L));
    reference.remove(8L);
    assertSame(map, reference);
    assertThat(map.copy().get(9L, StateMap.hash(9L))).isEqualTo(27L);
  }

  @Test
  void longKeysStayUnboxedWhenValuesAreObjectsAndAgreeWithAHashMapUnderPutsAndRemoves() {
    Random random = new Random(11);
    StateMap map = new StateMap();
    Map<Object, Object> reference = new HashMap<>();
    for (int step = 0; step < 200_000; step++) {
      Long key = (long) random.nextInt(2_000) * 1024; // keys that share low bits: long probe runs
      int hash = StateMap.hash(key);
      if (random.nextInt(3) == 0) {
        assertThat(map.remove(key, hash)).isEqualTo(reference.remove(key) != null);
      } else {
        Object value = random.nextBoolean() ? (Object) (long) step : "v" + step;
        map.put(key, hash, value);
        reference.put(key, value);
      }
      if (step % 10_000 == 0) {
        assertSame(map, reference);
      }
    }
    assertThat(map.longKeyLayout()).isTrue();
    assertThat(map.longLayout()).as("a snapshot writes its values as objects").isFalse();
    assertSame(map, reference);
    assertSame(map.copy(), reference);
  }

  @Test
  void aValueOfAnotherTypeKeepsEveryLongKeyInItsSlot() {
    StateMap map = new StateMap();
    for (long k = 0; k < 1000; k++) {
      map.putLong(k * 7, k);
    }
    int slot = map.find(700L, StateMap.hash(700L));
    assertThat(map.setValueAt(slot, List.of("a"))).isEqualTo(slot);
    assertThat(map.longKeyLayout()).isTrue();
    assertThat(map.valueAt(slot)).isEqualTo(List.of("a"));
    assertThat(map.get(7L, StateMap.hash(7L))).isEqualTo(1L);
    map.put("text", StateMap.hash("text"), "value");
    assertThat(map.longKeyLayout()).isFalse();
    assertThat(map.get(700L, StateMap.hash(700L))).isEqualTo(List.of("a"));
    assertThat(map.get(14L, StateMap.hash(14L))).isEqualTo(2L);
    assertThat(map.size()).isEqualTo(1001);
  }

  @Test
  void aCopyKeepsTheLayoutSoAFoundSlotStaysValid() {
    StateMap map = new StateMap();
    for (long k = 0; k < 1000; k++) {
      map.put(k, StateMap.hash(k), k * 2);
    }
    int slot = map.find(123L, StateMap.hash(123L));
    StateMap copy = map.copy();
    copy.setValueAt(slot, -1L);
    assertThat(copy.get(123L, StateMap.hash(123L))).isEqualTo(-1L);
    assertThat(map.get(123L, StateMap.hash(123L))).as("the original is untouched").isEqualTo(246L);
  }

  private static void assertSame(StateMap map, Map<Object, Object> reference) {
    assertThat(map.size()).isEqualTo(reference.size());
    for (Map.Entry<Object, Object> e : reference.entrySet()) {
      assertThat(map.get(e.getKey(), StateMap.hash(e.getKey()))).isEqualTo(e.getValue());
    }
    Map<Object, Object> seen = new HashMap<>();
    map.forEach(seen::put);
    assertThat(seen).isEqualTo(reference);
  }
}
