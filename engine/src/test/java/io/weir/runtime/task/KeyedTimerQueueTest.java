package io.weir.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyGroups;
import io.weir.state.KeyedStateBackend;
import io.weir.state.KeyedStateHandle;
import io.weir.state.StateBackendKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Timers on the heap reach keyed state only when persisted, and come back from it by key group. */
class KeyedTimerQueueTest {
  private static final KeyGroupRange ALL = new KeyGroupRange(0, 127);
  private static final String TIMERS = "__timers_test";

  @TempDir
  Path tmp;

  private static List<String> fireAll(KeyedTimerQueue q, KeyedStateBackend state) throws Exception {
    List<String> fired = new ArrayList<>();
    q.fireUpTo(Long.MAX_VALUE, (key, ts) -> {
      assertThat(state.currentKey()).isEqualTo(key);
      fired.add(key + "@" + ts);
    });
    return fired;
  }

  private static List<Object> keysInState(KeyedStateBackend state) throws Exception {
    List<Object> keys = new ArrayList<>();
    state.forEachKey(TIMERS, keys::add);
    return keys;
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void aTimerAddedAndFiredOrDeletedBetweenSnapshotsNeverReachesKeyedState(StateBackendKind kind) throws Exception {
    try (KeyedStateBackend state = kind.create(ALL, 128, tmp.resolve("state"))) {
      KeyedTimerQueue q = new KeyedTimerQueue(state, TIMERS);
      q.add("a", 10);
      q.add("a", 10); // the same timer again: one firing
      q.add("b", 20);
      q.delete("b", 20);
      assertThat(fireAll(q, state)).containsExactly("a@10");
      q.persist();
      assertThat(keysInState(state)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void persistedTimersComeBackInOrderAndThoseGoneSinceAreNot(StateBackendKind kind) throws Exception {
    try (KeyedStateBackend state = kind.create(ALL, 128, tmp.resolve("state"))) {
      KeyedTimerQueue q = new KeyedTimerQueue(state, TIMERS);
      q.add("a", 10);
      q.add("b", 20);
      q.add("c", 5);
      q.persist();
      q.delete("a", 10);
      q.add("d", 30);
      q.add("a", 10); // deleted and added again: still in state
      q.delete("c", 5);
      q.persist();
      state.setCurrentKey("x");
      KeyedTimerQueue restored = new KeyedTimerQueue(state, TIMERS);
      restored.load();
      assertThat(state.currentKey()).isNotNull();
      assertThat(fireAll(restored, state)).containsExactly("a@10", "b@20", "d@30");
      assertThat(fireAll(q, state)).containsExactly("a@10", "b@20", "d@30");
      q.persist();
      assertThat(keysInState(state)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void aRestoreAtAnotherParallelismTakesTheTimersOfItsKeyGroups(StateBackendKind kind) throws Exception {
    DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(tmp.resolve("checkpoints"));
    List<String> all = new ArrayList<>();
    KeyedStateHandle handle;
    try (KeyedStateBackend state = kind.create(ALL, 128, tmp.resolve("whole"))) {
      KeyedTimerQueue q = new KeyedTimerQueue(state, TIMERS);
      for (long k = 0; k < 50; k++) {
        q.add(k, 1000 + k);
        all.add(k + "@" + (1000 + k));
      }
      q.add(99L, 5); // fired before the snapshot: gone from it
      q.fireUpTo(5, (key, ts) -> { });
      q.persist();
      handle = StateBackendKind.snapshot(state, StateBackendKind.target(storage, "job", 1, 0));
    }
    List<String> fired = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      KeyGroupRange half = KeyGroups.rangeOf(i, 2, 128);
      try (KeyedStateBackend state = kind.create(half, 128, tmp.resolve("half-" + i))) {
        state.restore(List.of(handle), storage);
        KeyedTimerQueue q = new KeyedTimerQueue(state, TIMERS);
        q.load();
        for (String f : fireAll(q, state)) {
          assertThat(half.contains(KeyGroups.assign(Long.parseLong(f.substring(0, f.indexOf('@'))), 128))).isTrue();
          fired.add(f);
        }
      }
    }
    assertThat(fired).containsExactlyInAnyOrderElementsOf(all);
  }
}
