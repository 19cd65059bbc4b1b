package io.weir.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The timer set against a model of what it stands for: the live timers, and keyed state's copy of
 * them as of the last persist; it must tell keyed state exactly the difference, and nothing for a
 * timer added and gone between two persists.
 */
class TimerSetTest {
  private record Timer(Object key, long timestamp) {
  }

  @Test
  void addingARemovingAndPersistingAgreeWithAModelOfLiveAndStoredTimers() {
    Random random = new Random(42);
    TimerSet set = new TimerSet();
    Map<Timer, Boolean> live = new HashMap<>();
    Map<Timer, Boolean> stored = new HashMap<>();
    for (int step = 0; step < 200_000; step++) {
      // keys of two types, equal but not identical objects, so that probes compare by equals
      Object key = random.nextBoolean() ? (Object) (long) random.nextInt(300) : "k" + random.nextInt(300);
      Timer t = new Timer(key, random.nextInt(20));
      int op = random.nextInt(100);
      if (op < 50) {
        assertThat(set.add(t.key(), t.timestamp())).as("add %s at step %d", t, step).isEqualTo(live.put(t, true) == null);
      } else if (op < 98) {
        assertThat(set.remove(t.key(), t.timestamp())).as("remove %s at step %d", t, step).isEqualTo(live.remove(t) != null);
      } else {
        List<Timer> added = new ArrayList<>();
        List<Timer> removed = new ArrayList<>();
        set.persist(new TimerSet.Changes() {
          @Override
          public void added(Object k, long ts) {
            added.add(new Timer(k, ts));
          }

          @Override
          public void removed(Object k, long ts) {
            removed.add(new Timer(k, ts));
          }
        });
        assertThat(added).as("added at step %d", step)
            .containsExactlyInAnyOrderElementsOf(live.keySet().stream().filter(x -> !stored.containsKey(x)).toList());
        assertThat(removed).as("removed at step %d", step)
            .containsExactlyInAnyOrderElementsOf(stored.keySet().stream().filter(x -> !live.containsKey(x)).toList());
        stored.clear();
        stored.putAll(live);
        assertThat(set.size()).isEqualTo(live.size());
      }
      if (step % 997 == 0) {
        for (Timer x : live.keySet()) {
          assertThat(set.isLive(x.key(), x.timestamp())).as("%s live at step %d", x, step).isTrue();
        }
      }
    }
  }

  @Test
  void aTimerAddedAndRemovedBetweenTwoPersistsNeverReachesKeyedState() {
    TimerSet set = new TimerSet();
    set.add("a", 1);
    set.remove("a", 1);
    List<String> told = new ArrayList<>();
    set.persist(new TimerSet.Changes() {
      @Override
      public void added(Object k, long ts) {
        told.add("+" + k + ts);
      }

      @Override
      public void removed(Object k, long ts) {
        told.add("-" + k + ts);
      }
    });
    assertThat(told).isEmpty();
    assertThat(set.size()).isZero();
  }
}
