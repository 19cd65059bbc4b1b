package io.weir.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.api.state.ListState;
import io.weir.api.state.ListStateDescriptor;
import io.weir.api.state.MapState;
import io.weir.api.state.MapStateDescriptor;
import io.weir.api.state.ReducingState;
import io.weir.api.state.ReducingStateDescriptor;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.checkpoint.storage.StateFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What every keyed state backend promises, checked against each of them. */
class KeyedStateBackendContractTest {
  private static final int MAX_PARALLELISM = 128;
  private static final KeyGroupRange ALL = new KeyGroupRange(0, MAX_PARALLELISM - 1);

  record Point(int x, int y) {
  }

  record Label(String text) {
  }

  /** A key in the key group of {@code key} (as a window of it), with its own state. */
  record Part(Object key, int part) implements GroupedKey {
    @Override
    public Object groupKey() {
      return key;
    }
  }

  @TempDir
  Path tmp;
  private DirectoryCheckpointStorage storage;
  private final List<KeyedStateBackend> opened = new ArrayList<>();
  private int backends;

  @BeforeEach
  void setUp() {
    storage = new DirectoryCheckpointStorage(tmp.resolve("checkpoints"));
  }

  @AfterEach
  void closeBackends() {
    opened.forEach(KeyedStateBackend::close);
  }

  private KeyedStateBackend backend(StateBackendKind kind, KeyGroupRange range) {
    KeyedStateBackend b = kind.create(range, MAX_PARALLELISM, tmp.resolve("local-" + backends++));
    opened.add(b);
    return b;
  }

  private KeyedStateBackend backend(StateBackendKind kind) {
    return backend(kind, ALL);
  }

  // ---------------------------------------------------------------- the kinds of state

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void valueStateReadsItsDefaultUntilUpdatedAndAgainAfterClear(StateBackendKind kind) {
    KeyedStateBackend b = backend(kind);
    ValueState<Long> count = b.valueState(new ValueStateDescriptor<>("count", 0L));
    ValueState<Point> point = b.valueState(new ValueStateDescriptor<>("point"));
    b.setCurrentKey("a");
    assertThat(count.value()).isEqualTo(0L);
    assertThat(point.value()).isNull();
    count.update(5L);
    point.update(new Point(1, 2));
    assertThat(count.value()).isEqualTo(5L);
    assertThat(point.value()).isEqualTo(new Point(1, 2));
    count.update(null);
    assertThat(count.value()).isEqualTo(0L);
    count.update(7L);
    count.clear();
    assertThat(count.value()).isEqualTo(0L);
    assertThat(point.value()).isEqualTo(new Point(1, 2));
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void listStateKeepsElementsInOrderAcrossAddAndUpdate(StateBackendKind kind) {
    KeyedStateBackend b = backend(kind);
    ListState<Object> list = b.listState(new ListStateDescriptor<>("events"));
    b.setCurrentKey(42L);
    assertThat(list.get()).isEmpty();
    list.add(new Point(1, 2));
    list.add(new Label("x"));
    list.add(new Point(3, 4));
    list.add("plain");
    assertThat(list.get()).containsExactly(new Point(1, 2), new Label("x"), new Point(3, 4), "plain");
    list.update(List.of(new Label("y"), 9L));
    list.add(new Label("z"));
    assertThat(list.get()).containsExactly(new Label("y"), 9L, new Label("z"));
    list.update(List.of());
    assertThat(list.get()).isEmpty();
    list.add(1L);
    list.clear();
    assertThat(list.get()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void mapStatePutsGetsRemovesAndListsEntries(StateBackendKind kind) {
    KeyedStateBackend b = backend(kind);
    MapState<Object, String> map = b.mapState(new MapStateDescriptor<>("map"));
    b.setCurrentKey("k");
    assertThat(map.isEmpty()).isTrue();
    assertThat(map.entries()).isEmpty();
    map.put(1L, "one");
    map.put(new Point(2, 2), "point");
    map.put("nothing", null);
    assertThat(map.get(1L)).isEqualTo("one");
    assertThat(map.get(new Point(2, 2))).isEqualTo("point");
    assertThat(map.get(3L)).isNull();
    assertThat(map.contains("nothing")).isTrue();
    assertThat(map.contains(3L)).isFalse();
    assertThat(map.isEmpty()).isFalse();
    Map<Object, String> expected = new HashMap<>();
    expected.put(1L, "one");
    expected.put(new Point(2, 2), "point");
    expected.put("nothing", null);
    assertThat(map.entries()).isEqualTo(expected);
    map.put(1L, "uno");
    map.remove(new Point(2, 2));
    map.remove(99L);
    assertThat(map.get(1L)).isEqualTo("uno");
    assertThat(map.contains(new Point(2, 2))).isFalse();
    map.clear();
    assertThat(map.isEmpty()).isTrue();
    assertThat(map.entries()).isEmpty();
    assertThat(map.get(1L)).isNull();
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void reducingStateFoldsAddedValuesWithItsFunction(StateBackendKind kind) {
    KeyedStateBackend b = backend(kind);
    ReducingState<Long> sum = b.reducingState(new ReducingStateDescriptor<>("sum", Long::sum));
    ReducingState<Long> failing = b.reducingState(new ReducingStateDescriptor<Long>("failing", (x, y) -> {
      throw new IllegalStateException("no");
    }));
    b.setCurrentKey("k");
    assertThat(sum.get()).isNull();
    sum.add(1L);
    sum.add(2L);
    sum.add(3L);
    assertThat(sum.get()).isEqualTo(6L);
    sum.clear();
    assertThat(sum.get()).isNull();
    failing.add(1L);
    assertThatThrownBy(() -> failing.add(2L)).isInstanceOf(StateAccessException.class).hasMessageContaining("failing");
    assertThat(failing.get()).isEqualTo(1L);
  }

  // ---------------------------------------------------------------- keys

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void stateIsIsolatedByKeyAndByStateName(StateBackendKind kind) {
    KeyedStateBackend b = backend(kind);
    ValueState<Integer> value = b.valueState(new ValueStateDescriptor<>("value"));
    ValueState<Integer> other = b.valueState(new ValueStateDescriptor<>("other"));
    ListState<Integer> list = b.listState(new ListStateDescriptor<>("list"));
    MapState<Integer, String> map = b.mapState(new MapStateDescriptor<>("map"));
    // "k1", "k10", "k100"...: keys whose encodings start alike, many sharing a key group
    for (int i = 0; i < 2000; i++) {
      b.setCurrentKey("k" + i);
      value.update(i);
      if (i % 2 == 0) {
        other.update(-i);
      }
      list.add(i);
      list.add(i + 1);
      map.put(i, "v" + i);
      map.put(-1, "x" + i);
    }
    for (int i = 0; i < 2000; i++) {
      b.setCurrentKey("k" + i);
      assertThat(value.value()).isEqualTo(i);
      assertThat(other.value()).isEqualTo(i % 2 == 0 ? -i : null);
      assertThat(list.get()).containsExactly(i, i + 1);
      assertThat(map.entries()).isEqualTo(Map.of(i, "v" + i, -1, "x" + i));
    }
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void switchingBetweenAKeyAndKeysGroupedByItKeepsEachOnesStateInItsKeyGroup(StateBackendKind kind) throws Exception {
    KeyedStateBackend b = backend(kind);
    ValueState<String> value = b.valueState(new ValueStateDescriptor<>("value"));
    for (long i = 0; i < 500; i++) {
      Long key = i; // one object, as a window operator passes one record's key to each of its windows
      b.setCurrentKey(key);
      value.update("key " + i);
      for (int part = 0; part < 3; part++) {
        b.setCurrentKey(new Part(key, part));
        value.update(i + "/" + part);
        b.setCurrentKey(key);
        assertThat(value.value()).isEqualTo("key " + i);
      }
    }
    for (long i = 0; i < 500; i++) {
      b.setCurrentKey(new Part(i, 2)); // equal keys, other objects
      assertThat(value.value()).isEqualTo(i + "/2");
      b.setCurrentKey(i);
      assertThat(value.value()).isEqualTo("key " + i);
    }
    List<KeyedStateBackend> halves = List.of(backend(kind, KeyGroups.rangeOf(0, 2, MAX_PARALLELISM)),
        backend(kind, KeyGroups.rangeOf(1, 2, MAX_PARALLELISM)));
    KeyedStateHandle snapshot = StateBackendKind.snapshot(b, StateBackendKind.target(storage, "job", 1, 0));
    for (KeyedStateBackend half : halves) {
      half.restore(List.of(snapshot), storage);
      ValueState<String> restored = half.valueState(new ValueStateDescriptor<>("value"));
      for (long i = 0; i < 500; i++) {
        if (half.keyGroupRange().contains(KeyGroups.assign(i, MAX_PARALLELISM))) {
          half.setCurrentKey(new Part(i, 1));
          assertThat(restored.value()).as("a grouped key moves with its key").isEqualTo(i + "/1");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void keysOfDifferentTypesAreDifferentKeys(StateBackendKind kind) {
    KeyedStateBackend b = backend(kind);
    ValueState<String> value = b.valueState(new ValueStateDescriptor<>("value"));
    List<Object> keys = List.of(1L, 1, "1", new Label("1"), new Point(1, 0));
    for (Object key : keys) {
      b.setCurrentKey(key);
      value.update(key.getClass().getSimpleName());
    }
    for (Object key : keys) {
      b.setCurrentKey(key);
      assertThat(value.value()).isEqualTo(key.getClass().getSimpleName());
    }
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void aStateNameCannotBeReusedForAnotherKind(StateBackendKind kind) {
    KeyedStateBackend b = backend(kind);
    b.valueState(new ValueStateDescriptor<>("name"));
    assertThatThrownBy(() -> b.listState(new ListStateDescriptor<>("name")))
        .isInstanceOf(StateAccessException.class).hasMessageContaining("'name'");
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void keysOutsideTheSubtasksKeyGroupsAreRejected(StateBackendKind kind) {
    KeyGroupRange firstHalf = KeyGroups.rangeOf(0, 2, MAX_PARALLELISM);
    KeyedStateBackend b = backend(kind, firstHalf);
    long foreign = 0;
    while (firstHalf.contains(KeyGroups.assign(foreign, MAX_PARALLELISM))) {
      foreign++;
    }
    long key = foreign;
    assertThatThrownBy(() -> b.setCurrentKey(key)).isInstanceOf(StateAccessException.class)
        .hasMessageContaining("key group");
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void forEachKeyVisitsEveryKeyWithStateExactlyOnceLikeTimersDo(StateBackendKind kind) throws Exception {
    KeyedStateBackend b = backend(kind);
    MapState<Long, Boolean> timers = b.mapState(new MapStateDescriptor<>("__timers"));
    ValueState<Long> value = b.valueState(new ValueStateDescriptor<>("value"));
    Set<Object> expectedTimerKeys = new HashSet<>();
    for (long k = 0; k < 500; k++) {
      b.setCurrentKey(k);
      for (long t = 0; t <= k % 3; t++) {
        timers.put(1000 * k + t, true);
      }
      if (k % 7 == 0) {
        timers.clear();
      } else {
        expectedTimerKeys.add(k);
      }
      if (k < 100) {
        value.update(k);
      }
      if (k < 50) {
        value.clear();
      }
    }
    List<Object> visited = new ArrayList<>();
    b.forEachKey("__timers", key -> {
      visited.add(key);
      // what a firing timer does: remove one, register another for the same key
      b.setCurrentKey(key);
      timers.remove(1000 * (Long) key);
      timers.put(1000 * (Long) key + 500, true);
    });
    assertThat(visited).doesNotHaveDuplicates();
    assertThat(new HashSet<>(visited)).isEqualTo(expectedTimerKeys);

    List<Object> withValue = new ArrayList<>();
    b.forEachKey("value", withValue::add);
    assertThat(new TreeSet<>(withValue)).isEqualTo(rangeSet(50, 100));
    assertThat(withValue).doesNotHaveDuplicates();

    List<Object> none = new ArrayList<>();
    b.forEachKey("never-declared", none::add);
    assertThat(none).isEmpty();
  }

  private static Set<Object> rangeSet(long from, long to) {
    Set<Object> set = new TreeSet<>();
    for (long k = from; k < to; k++) {
      set.add(k);
    }
    return set;
  }

  // ---------------------------------------------------------------- snapshots and restore

  /** The state of key {@code k} that {@link #verify} checks. */
  private static void fill(KeyedStateBackend b, long k) {
    b.setCurrentKey(k);
    b.valueState(new ValueStateDescriptor<Long>("count")).update(k * 10);
    ListState<String> events = b.listState(new ListStateDescriptor<>("events"));
    events.add("e" + k);
    events.add("f" + k);
    MapState<Long, Boolean> timers = b.mapState(new MapStateDescriptor<>("__timers"));
    timers.put(1000 + k, true);
    timers.put(2000 + k, true);
    b.reducingState(new ReducingStateDescriptor<Long>("sum", Long::sum)).add(k);
  }

  private static void verify(KeyedStateBackend b, long k) {
    b.setCurrentKey(k);
    assertThat(b.valueState(new ValueStateDescriptor<Long>("count")).value()).as("count of %s", k).isEqualTo(k * 10);
    assertThat(b.listState(new ListStateDescriptor<String>("events")).get()).containsExactly("e" + k, "f" + k);
    assertThat(b.mapState(new MapStateDescriptor<Long, Boolean>("__timers")).entries())
        .isEqualTo(Map.of(1000 + k, true, 2000 + k, true));
    assertThat(b.reducingState(new ReducingStateDescriptor<Long>("sum", Long::sum)).get()).isEqualTo(k);
  }

  private static Set<Object> keysOf(KeyedStateBackend b) throws Exception {
    Set<Object> keys = new TreeSet<>();
    b.forEachKey("count", keys::add);
    return keys;
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void snapshotRestoresEveryKindOfState(StateBackendKind kind) throws Exception {
    KeyedStateBackend b = backend(kind);
    for (long k = 0; k < 3000; k++) {
      fill(b, k);
    }
    KeyedStateHandle handle = StateBackendKind.snapshot(b, StateBackendKind.target(storage, "job", 1, 0));
    assertThat(handle.keyGroupRange()).isEqualTo(ALL);
    assertThat(handle.stateSize()).isPositive();

    KeyedStateBackend restored = backend(kind);
    List<Object> beforeDeclaring = new ArrayList<>();
    restored.restore(List.of(handle), storage);
    restored.forEachKey("__timers", beforeDeclaring::add);
    assertThat(beforeDeclaring).hasSize(3000);
    for (long k = 0; k < 3000; k++) {
      verify(restored, k);
    }
    assertThat(keysOf(restored)).isEqualTo(rangeSet(0, 3000));

    restored.setCurrentKey(5L);
    restored.listState(new ListStateDescriptor<String>("events")).add("after");
    assertThat(restored.listState(new ListStateDescriptor<String>("events")).get()).containsExactly("e5", "f5", "after");
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void writesAfterTheSynchronousPartDoNotLeakIntoTheSnapshot(StateBackendKind kind) throws Exception {
    KeyedStateBackend b = backend(kind);
    for (long k = 0; k < 1000; k++) {
      fill(b, k);
    }
    AsyncSnapshot pending = b.snapshot(StateBackendKind.target(storage, "job", 1, 0));
    for (long k = 0; k < 1000; k++) {
      b.setCurrentKey(k);
      b.valueState(new ValueStateDescriptor<Long>("count")).update(-1L);
      b.listState(new ListStateDescriptor<String>("events")).add("late");
      b.mapState(new MapStateDescriptor<Long, Boolean>("__timers")).put(-1L, false);
      if (k % 2 == 0) {
        b.reducingState(new ReducingStateDescriptor<Long>("sum", Long::sum)).clear();
      }
    }
    for (long k = 1000; k < 1100; k++) {
      fill(b, k);
    }
    b.valueState(new ValueStateDescriptor<Long>("declared-late")).update(1L);
    KeyedStateHandle handle = pending.write();

    KeyedStateBackend restored = backend(kind);
    restored.restore(List.of(handle), storage);
    for (long k = 0; k < 1000; k++) {
      verify(restored, k);
    }
    assertThat(keysOf(restored)).isEqualTo(rangeSet(0, 1000));
    List<Object> late = new ArrayList<>();
    restored.forEachKey("declared-late", late::add);
    assertThat(late).isEmpty();
  }

  /**
   * Two snapshots still being written: each holds the lists and maps as they were at its own
   * synchronous part, though the same keys' lists and maps were changed between and after them.
   */
  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void eachOfTwoSnapshotsInFlightHoldsTheListsAndMapsOfItsOwnMoment(StateBackendKind kind) throws Exception {
    KeyedStateBackend b = backend(kind);
    ListStateDescriptor<String> events = new ListStateDescriptor<>("events");
    MapStateDescriptor<Long, Boolean> timers = new MapStateDescriptor<>("__timers");
    for (long k = 0; k < 200; k++) {
      fill(b, k);
    }
    AsyncSnapshot first = b.snapshot(StateBackendKind.target(storage, "job", 1, 0));
    for (long k = 0; k < 200; k += 2) {
      b.setCurrentKey(k);
      b.listState(events).add("second");
      b.mapState(timers).put(3000L, true);
    }
    b.setCurrentKey(500L);
    b.listState(events).add("new");
    AsyncSnapshot second = b.snapshot(StateBackendKind.target(storage, "job", 2, 0));
    for (long k = 0; k < 200; k += 2) {
      b.setCurrentKey(k);
      b.listState(events).add("third");
      b.mapState(timers).remove(1000 + k);
    }
    b.setCurrentKey(500L);
    b.listState(events).add("newer");
    KeyedStateHandle firstHandle = first.write();
    KeyedStateHandle secondHandle = second.write();

    KeyedStateBackend atFirst = backend(kind);
    atFirst.restore(List.of(firstHandle), storage);
    KeyedStateBackend atSecond = backend(kind);
    atSecond.restore(List.of(secondHandle), storage);
    for (long k = 0; k < 200; k++) {
      verify(atFirst, k);
      atSecond.setCurrentKey(k);
      b.setCurrentKey(k);
      if (k % 2 == 1) {
        verify(atSecond, k);
        verify(b, k);
        continue;
      }
      assertThat(atSecond.listState(events).get()).as("events of %s at the second", k).containsExactly("e" + k, "f" + k, "second");
      assertThat(atSecond.mapState(timers).entries()).isEqualTo(Map.of(1000 + k, true, 2000 + k, true, 3000L, true));
      assertThat(b.listState(events).get()).as("events of %s now", k).containsExactly("e" + k, "f" + k, "second", "third");
      assertThat(b.mapState(timers).entries()).isEqualTo(Map.of(2000 + k, true, 3000L, true));
    }
    atFirst.setCurrentKey(500L);
    assertThat(atFirst.listState(events).get()).isEmpty();
    atSecond.setCurrentKey(500L);
    assertThat(atSecond.listState(events).get()).containsExactly("new");
    b.setCurrentKey(500L);
    assertThat(b.listState(events).get()).containsExactly("new", "newer");
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void restoreAtAnotherParallelismGivesEveryKeyToExactlyOneSubtask(StateBackendKind kind) throws Exception {
    int keys = 4000;
    List<KeyedStateBackend> two = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      two.add(backend(kind, KeyGroups.rangeOf(i, 2, MAX_PARALLELISM)));
    }
    for (long k = 0; k < keys; k++) {
      fill(two.get(owner(k, 2)), k);
    }
    List<KeyedStateHandle> twoHandles = snapshotAll(two, 1);

    List<KeyedStateBackend> three = restoreAll(kind, twoHandles, 3);
    assertEveryKeyAtItsOwner(three, keys);

    List<KeyedStateHandle> threeHandles = snapshotAll(three, 2);
    List<KeyedStateBackend> one = restoreAll(kind, threeHandles, 1);
    assertEveryKeyAtItsOwner(one, keys);
  }

  private static int owner(long key, int parallelism) {
    return KeyGroups.operatorIndex(KeyGroups.assign(key, MAX_PARALLELISM), MAX_PARALLELISM, parallelism);
  }

  private List<KeyedStateHandle> snapshotAll(List<KeyedStateBackend> subtasks, long checkpointId) throws Exception {
    List<KeyedStateHandle> handles = new ArrayList<>();
    for (int i = 0; i < subtasks.size(); i++) {
      handles.add(StateBackendKind.snapshot(subtasks.get(i), StateBackendKind.target(storage, "job", checkpointId, i)));
    }
    return handles;
  }

  /** New subtasks, each given the handles that overlap its key groups (as StateAssignment does). */
  private List<KeyedStateBackend> restoreAll(StateBackendKind kind, List<KeyedStateHandle> handles, int parallelism)
      throws Exception {
    List<KeyedStateBackend> subtasks = new ArrayList<>();
    for (int i = 0; i < parallelism; i++) {
      KeyGroupRange range = KeyGroups.rangeOf(i, parallelism, MAX_PARALLELISM);
      KeyedStateBackend b = backend(kind, range);
      b.restore(handles.stream().filter(h -> h.keyGroupRange().intersects(range)).toList(), storage);
      subtasks.add(b);
    }
    return subtasks;
  }

  private static void assertEveryKeyAtItsOwner(List<KeyedStateBackend> subtasks, int keys) throws Exception {
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < subtasks.size(); i++) {
      Set<Object> own = keysOf(subtasks.get(i));
      for (Object key : own) {
        assertThat(owner((Long) key, subtasks.size())).as("owner of key %s", key).isEqualTo(i);
        assertThat(seen.add(key)).as("key %s at two subtasks", key).isTrue();
        verify(subtasks.get(i), (Long) key);
      }
      List<Object> timerKeys = new ArrayList<>();
      subtasks.get(i).forEachKey("__timers", timerKeys::add);
      assertThat(new HashSet<>(timerKeys)).isEqualTo(own);
    }
    assertThat(seen).hasSize(keys);
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void aCorruptOrMissingStateFileIsDetectedOnRestore(StateBackendKind kind) throws Exception {
    KeyedStateBackend b = backend(kind);
    for (long k = 0; k < 3000; k++) {
      fill(b, k);
    }
    KeyedStateHandle handle = StateBackendKind.snapshot(b, StateBackendKind.target(storage, "job", 1, 0));
    assertThat(handle.files()).isNotEmpty();
    for (StateFile f : handle.files()) {
      Path file = storage.root().resolve(f.path());
      byte[] original = Files.readAllBytes(file);
      byte[] corrupt = original.length == 0 ? new byte[] {42} : original.clone();
      corrupt[corrupt.length / 2] ^= 0x5a;
      Files.write(file, corrupt);
      assertThatThrownBy(() -> backend(kind).restore(List.of(handle), storage))
          .as("corrupt %s", f.path()).isInstanceOf(CorruptCheckpointException.class).hasMessageContaining(f.path());
      Files.delete(file);
      assertThatThrownBy(() -> backend(kind).restore(List.of(handle), storage))
          .as("missing %s", f.path()).isInstanceOf(CorruptCheckpointException.class).hasMessageContaining(f.path());
      Files.write(file, original);
    }
    KeyedStateBackend intact = backend(kind);
    intact.restore(List.of(handle), storage);
    verify(intact, 1234);
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void restoringAnotherBackendsSnapshotFailsWithAClearMessage(StateBackendKind kind) throws Exception {
    StateBackendKind other = kind == StateBackendKind.HEAP ? StateBackendKind.ROCKSDB_INCREMENTAL : StateBackendKind.HEAP;
    KeyedStateBackend source = backend(other);
    fill(source, 1);
    KeyedStateHandle foreign = StateBackendKind.snapshot(source, StateBackendKind.target(storage, "job", 1, 9));
    assertThatThrownBy(() -> backend(kind).restore(List.of(foreign), storage))
        .as("not reported as corrupt: that would make the job fall back to older checkpoints")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(foreign.getClass().getSimpleName())
        .hasMessageContaining("another state backend");
  }
}
