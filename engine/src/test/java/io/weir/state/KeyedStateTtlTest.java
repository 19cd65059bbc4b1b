package io.weir.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.api.state.ListState;
import io.weir.api.state.ListStateDescriptor;
import io.weir.api.state.MapState;
import io.weir.api.state.MapStateDescriptor;
import io.weir.api.state.ReducingState;
import io.weir.api.state.ReducingStateDescriptor;
import io.weir.api.state.StateDescriptor;
import io.weir.api.state.StateTtlConfig;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.state.heap.HeapKeyedStateBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** State time-to-live, for every kind of state in every backend, on a fake processing-time clock. */
class KeyedStateTtlTest {
  private static final int MAX_PARALLELISM = 128;
  private static final KeyGroupRange ALL = new KeyGroupRange(0, MAX_PARALLELISM - 1);
  private static final Duration TTL = Duration.ofMillis(100);

  @TempDir
  Path tmp;
  private DirectoryCheckpointStorage storage;
  private final List<KeyedStateBackend> opened = new ArrayList<>();
  private int backends;
  /** The fake processing time every backend of a test reads. */
  private long now;

  @BeforeEach
  void setUp() {
    storage = new DirectoryCheckpointStorage(tmp.resolve("checkpoints"));
  }

  @AfterEach
  void closeBackends() {
    opened.forEach(KeyedStateBackend::close);
  }

  private KeyedStateBackend backend(StateBackendKind kind, KeyGroupRange range) {
    KeyedStateBackend b = kind.create(range, MAX_PARALLELISM, tmp.resolve("local-" + backends++), () -> now);
    opened.add(b);
    return b;
  }

  private KeyedStateBackend backend(StateBackendKind kind) {
    return backend(kind, ALL);
  }

  private static <D extends StateDescriptor> D withTtl(D descriptor, StateTtlConfig config) {
    descriptor.enableTimeToLive(config);
    return descriptor;
  }

  private static <D extends StateDescriptor> D withTtl(D descriptor) {
    return withTtl(descriptor, StateTtlConfig.newBuilder(TTL).build());
  }

  private static ValueStateDescriptor<String> value(String name) {
    return withTtl(new ValueStateDescriptor<>(name, "none"));
  }

  // ---------------------------------------------------------------- expiry on read

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void aValueExpiresItsTimeToLiveAfterItsLastWrite(StateBackendKind kind) {
    KeyedStateBackend b = backend(kind);
    ValueState<String> v = b.valueState(value("v"));
    b.setCurrentKey("k");
    v.update("a");
    now = 99;
    assertThat(v.value()).isEqualTo("a");
    now = 100;
    assertThat(v.value()).as("expired: the default").isEqualTo("none");
    v.update("b");
    now = 150;
    v.update("c");
    now = 249;
    assertThat(v.value()).as("the write at 150 restarted the time-to-live").isEqualTo("c");
    now = 250;
    assertThat(v.value()).isEqualTo("none");
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void onlyUpdateOnReadAndWriteMakesAReadRestartTheTimeToLive(StateBackendKind kind) {
    KeyedStateBackend b = backend(kind);
    ValueState<String> onWrite = b.valueState(value("on-write"));
    ValueState<String> onRead = b.valueState(withTtl(new ValueStateDescriptor<>("on-read", "none"),
        StateTtlConfig.newBuilder(TTL).updateTtlOnReadAndWrite().build()));
    b.setCurrentKey(7L);
    onWrite.update("w");
    onRead.update("r");
    now = 80;
    assertThat(onWrite.value()).isEqualTo("w");
    assertThat(onRead.value()).isEqualTo("r");
    now = 179;
    assertThat(onWrite.value()).isEqualTo("none");
    assertThat(onRead.value()).as("read at 80, then at 179").isEqualTo("r");
    now = 279;
    assertThat(onRead.value()).isEqualTo("none");
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void returnExpiredIfNotCleanedUpReturnsAnExpiredValueOnceAndClearsIt(StateBackendKind kind) {
    KeyedStateBackend b = backend(kind);
    ValueState<String> v = b.valueState(withTtl(new ValueStateDescriptor<>("v", "none"),
        StateTtlConfig.newBuilder(TTL).returnExpiredIfNotCleanedUp().build()));
    b.setCurrentKey("k");
    v.update("old");
    now = 500;
    assertThat(v.value()).isEqualTo("old");
    assertThat(v.value()).isEqualTo("none");
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void listElementsExpireOneByOne(StateBackendKind kind) {
    KeyedStateBackend b = backend(kind);
    ListState<String> list = b.listState(withTtl(new ListStateDescriptor<>("list")));
    ListState<String> visible = b.listState(withTtl(new ListStateDescriptor<>("visible"),
        StateTtlConfig.newBuilder(TTL).returnExpiredIfNotCleanedUp().build()));
    b.setCurrentKey("k");
    list.add("a");
    visible.add("a");
    now = 50;
    list.add("b");
    visible.add("b");
    now = 100;
    assertThat(list.get()).containsExactly("b");
    assertThat(visible.get()).as("once with the expired element").containsExactly("a", "b");
    assertThat(visible.get()).containsExactly("b");
    list.update(List.of("c", "d"));
    now = 199;
    assertThat(list.get()).containsExactly("c", "d");
    now = 200;
    assertThat(list.get()).isEmpty();
    assertThat(visible.get()).containsExactly("b");
    assertThat(visible.get()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void listElementsReadWithUpdateOnReadLiveOnFromTheRead(StateBackendKind kind) {
    KeyedStateBackend b = backend(kind);
    ListState<String> list = b.listState(withTtl(new ListStateDescriptor<>("list"),
        StateTtlConfig.newBuilder(TTL).updateTtlOnReadAndWrite().build()));
    b.setCurrentKey("k");
    list.add("a");
    now = 90;
    assertThat(list.get()).containsExactly("a");
    list.add("b");
    now = 189;
    assertThat(list.get()).containsExactly("a", "b");
    now = 289;
    assertThat(list.get()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void mapEntriesExpireOneByOne(StateBackendKind kind) {
    KeyedStateBackend b = backend(kind);
    MapState<String, Long> map = b.mapState(withTtl(new MapStateDescriptor<>("map")));
    b.setCurrentKey("k");
    map.put("x", 1L);
    map.put("nothing", null);
    now = 50;
    map.put("y", 2L);
    now = 100;
    assertThat(map.get("x")).isNull();
    assertThat(map.contains("nothing")).isFalse();
    assertThat(map.contains("y")).isTrue();
    assertThat(map.entries()).isEqualTo(Map.of("y", 2L));
    assertThat(map.isEmpty()).isFalse();
    now = 150;
    assertThat(map.isEmpty()).isTrue();
    assertThat(map.entries()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void mapEntriesReadWithUpdateOnReadLiveOnAndExpiredOnesAreSeenOnceIfVisible(StateBackendKind kind) {
    KeyedStateBackend b = backend(kind);
    MapState<String, Long> map = b.mapState(withTtl(new MapStateDescriptor<>("map"),
        StateTtlConfig.newBuilder(TTL).updateTtlOnReadAndWrite().returnExpiredIfNotCleanedUp().build()));
    b.setCurrentKey("k");
    map.put("read", 1L);
    map.put("unread", 2L);
    now = 90;
    assertThat(map.get("read")).isEqualTo(1L);
    now = 150;
    assertThat(map.entries()).as("the expired entry once more").isEqualTo(Map.of("read", 1L, "unread", 2L));
    assertThat(map.entries()).isEqualTo(Map.of("read", 1L));
    now = 249;
    assertThat(map.get("read")).as("entries() read it at 150").isEqualTo(1L);
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void aReducingStateStartsAgainAfterItsValueExpiredAndNeverFoldsIntoIt(StateBackendKind kind) {
    KeyedStateBackend b = backend(kind);
    ReducingState<Long> sum = b.reducingState(withTtl(new ReducingStateDescriptor<>("sum", Long::sum)));
    ReducingState<Long> visible = b.reducingState(withTtl(new ReducingStateDescriptor<>("visible", Long::sum),
        StateTtlConfig.newBuilder(TTL).returnExpiredIfNotCleanedUp().build()));
    b.setCurrentKey("k");
    sum.add(1L);
    sum.add(2L);
    visible.add(3L);
    now = 99;
    assertThat(sum.get()).isEqualTo(3L);
    now = 100;
    assertThat(sum.get()).isNull();
    sum.add(5L);
    assertThat(sum.get()).isEqualTo(5L);
    visible.add(4L);
    assertThat(visible.get()).as("the expired 3 was not folded in").isEqualTo(4L);
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void aStateCannotBeDeclaredBothWithAndWithoutATimeToLive(StateBackendKind kind) {
    KeyedStateBackend b = backend(kind);
    b.valueState(value("v"));
    assertThatThrownBy(() -> b.valueState(new ValueStateDescriptor<String>("v")))
        .isInstanceOf(StateAccessException.class).hasMessageContaining("'v'").hasMessageContaining("time-to-live");
  }

  // ---------------------------------------------------------------- snapshots and restores

  /** Keys 0..9 written at 0, keys 10..19 at 50, in every kind of state with the time-to-live. */
  private void fill(KeyedStateBackend b) {
    for (long k = 0; k < 20; k++) {
      now = k < 10 ? 0 : 50;
      b.setCurrentKey(k);
      b.valueState(value("value")).update("v" + k);
      b.listState(withTtl(new ListStateDescriptor<String>("list"))).add("l" + k);
      b.mapState(withTtl(new MapStateDescriptor<Long, String>("map"))).put(k, "m" + k);
      b.reducingState(withTtl(new ReducingStateDescriptor<Long>("sum", Long::sum))).add(k);
    }
  }

  /** Which keys every kind of state still has (each kind must agree), checking their values. */
  private static Set<Long> liveKeys(KeyedStateBackend b) {
    Set<Long> live = new TreeSet<>();
    for (long k = 0; k < 20; k++) {
      b.setCurrentKey(k);
      String v = b.valueState(value("value")).value();
      List<String> l = b.listState(withTtl(new ListStateDescriptor<String>("list"))).get();
      Map<Long, String> m = b.mapState(withTtl(new MapStateDescriptor<Long, String>("map"))).entries();
      Long sum = b.reducingState(withTtl(new ReducingStateDescriptor<Long>("sum", Long::sum))).get();
      if (!v.equals("none")) {
        assertThat(v).isEqualTo("v" + k);
        assertThat(l).containsExactly("l" + k);
        assertThat(m).isEqualTo(Map.of(k, "m" + k));
        assertThat(sum).isEqualTo(k);
        live.add(k);
      } else {
        assertThat(l).as("list of %s", k).isEmpty();
        assertThat(m).as("map of %s", k).isEmpty();
        assertThat(sum).as("sum of %s", k).isNull();
      }
    }
    return live;
  }

  private static Set<Object> keysWithState(KeyedStateBackend b, String state) throws Exception {
    Set<Object> keys = new TreeSet<>();
    b.forEachKey(state, keys::add);
    return keys;
  }

  private static Set<Long> range(long from, long to) {
    Set<Long> set = new TreeSet<>();
    for (long k = from; k < to; k++) {
      set.add(k);
    }
    return set;
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void aRestoredEntryExpiresWhenItWouldHaveWithoutTheRestore(StateBackendKind kind) throws Exception {
    KeyedStateBackend b = backend(kind);
    fill(b);
    now = 60;
    KeyedStateHandle handle = StateBackendKind.snapshot(b, StateBackendKind.target(storage, "job", 1, 0));

    now = 99;
    KeyedStateBackend restored = backend(kind);
    restored.restore(List.of(handle), storage);
    assertThat(liveKeys(restored)).isEqualTo(range(0, 20));
    now = 100;
    assertThat(liveKeys(restored)).as("written at 0, not at the restore").isEqualTo(range(10, 20));
    now = 150;
    assertThat(liveKeys(restored)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = StateBackendKind.class, names = "HEAP")
  void aHeapSnapshotLeavesExpiredEntriesOut(StateBackendKind kind) throws Exception {
    KeyedStateBackend b = backend(kind);
    fill(b);
    now = 120;
    KeyedStateHandle handle = StateBackendKind.snapshot(b, StateBackendKind.target(storage, "job", 1, 0));

    KeyedStateBackend restored = backend(kind);
    restored.restore(List.of(handle), storage);
    for (String state : List.of("value", "list", "map", "sum")) {
      assertThat(keysWithState(restored, state)).as(state).isEqualTo(new TreeSet<Object>(range(10, 20)));
    }
    assertThat(liveKeys(restored)).isEqualTo(range(10, 20));
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void aRestoreAtAnotherParallelismDropsTheExpiredEntriesItPasses(StateBackendKind kind) throws Exception {
    List<KeyedStateHandle> handles = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      KeyGroupRange half = KeyGroups.rangeOf(i, 2, MAX_PARALLELISM);
      KeyedStateBackend b = backend(kind, half);
      for (long k = 0; k < 20; k++) {
        if (half.contains(KeyGroups.assign(k, MAX_PARALLELISM))) {
          now = k < 10 ? 0 : 50;
          b.setCurrentKey(k);
          b.valueState(value("value")).update("v" + k);
          b.listState(withTtl(new ListStateDescriptor<String>("list"))).add("l" + k);
          b.mapState(withTtl(new MapStateDescriptor<Long, String>("map"))).put(k, "m" + k);
          b.reducingState(withTtl(new ReducingStateDescriptor<Long>("sum", Long::sum))).add(k);
        }
      }
      now = 60;
      handles.add(StateBackendKind.snapshot(b, StateBackendKind.target(storage, "job", 1, i)));
    }

    now = 120;
    KeyedStateBackend one = backend(kind);
    one.restore(handles, storage);
    for (String state : List.of("value", "list", "map", "sum")) {
      assertThat(keysWithState(one, state)).as(state).isEqualTo(new TreeSet<Object>(range(10, 20)));
    }
    assertThat(liveKeys(one)).isEqualTo(range(10, 20));
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void stateWrittenWithoutTimeToLiveLivesOneTimeToLiveFromTheRestoreThatGivesItOne(StateBackendKind kind)
      throws Exception {
    KeyedStateBackend b = backend(kind);
    for (long k = 0; k < 20; k++) {
      b.setCurrentKey(k);
      b.valueState(new ValueStateDescriptor<String>("value")).update("v" + k);
      b.listState(new ListStateDescriptor<String>("list")).add("l" + k);
      b.mapState(new MapStateDescriptor<Long, String>("map")).put(k, "m" + k);
      b.reducingState(new ReducingStateDescriptor<Long>("sum", Long::sum)).add(k);
    }
    KeyedStateHandle handle = StateBackendKind.snapshot(b, StateBackendKind.target(storage, "job", 1, 0));

    for (boolean declaredFirst : new boolean[] {true, false}) {
      now = 1000;
      KeyedStateBackend restored = backend(kind);
      if (declaredFirst) { // as a task does: its operators declare their states, then it restores
        liveKeys(restored);
      }
      restored.restore(List.of(handle), storage);
      assertThat(liveKeys(restored)).as("declared first: %s", declaredFirst).isEqualTo(range(0, 20));
      now = 1099;
      assertThat(liveKeys(restored)).as("declared first: %s", declaredFirst).isEqualTo(range(0, 20));
      now = 1100;
      assertThat(liveKeys(restored)).as("declared first: %s", declaredFirst).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(StateBackendKind.class)
  void stateWrittenWithATimeToLiveLosesWhatHadExpiredAndKeepsTheRestForeverWhenRestoredWithoutOne(
      StateBackendKind kind) throws Exception {
    KeyedStateBackend b = backend(kind);
    fill(b);
    now = 60;
    KeyedStateHandle handle = StateBackendKind.snapshot(b, StateBackendKind.target(storage, "job", 1, 0));

    for (boolean declaredFirst : new boolean[] {true, false}) {
      now = 120;
      KeyedStateBackend restored = backend(kind);
      ValueStateDescriptor<String> plain = new ValueStateDescriptor<>("value", "none");
      if (declaredFirst) {
        restored.valueState(plain);
      }
      restored.restore(List.of(handle), storage);
      ValueState<String> v = restored.valueState(plain);
      now = 1_000_000;
      Set<Long> live = new TreeSet<>();
      for (long k = 0; k < 20; k++) {
        restored.setCurrentKey(k);
        if (!v.value().equals("none")) {
          assertThat(v.value()).isEqualTo("v" + k);
          live.add(k);
        }
      }
      assertThat(live).as("declared first: %s", declaredFirst).isEqualTo(range(10, 20));
    }
  }

  // ---------------------------------------------------------------- the heap backend's incremental cleanup

  @Test
  void theHeapBackendRemovesExpiredEntriesOfKeysThatAreNeverReadAgain() {
    HeapKeyedStateBackend b = (HeapKeyedStateBackend) backend(StateBackendKind.HEAP);
    ValueState<String> v = b.valueState(value("v"));
    for (long k = 0; k < 200; k++) {
      b.setCurrentKey(k);
      v.update("v" + k);
    }
    now = 100;
    b.setCurrentKey(-1L);
    v.update("fresh");
    assertThat(b.keyCount()).as("one access looks at 5 slots only").isBetween(196L, 201L);
    for (int i = 0; i < 1000 && b.keyCount() > 1; i++) {
      v.value();
    }
    assertThat(b.keyCount()).as("only the fresh key is left").isEqualTo(1);
    assertThat(v.value()).isEqualTo("fresh");
  }

  @Test
  void aCleanupSizeOfZeroLeavesExpiredEntriesUntilTheyAreRead() {
    HeapKeyedStateBackend b = (HeapKeyedStateBackend) backend(StateBackendKind.HEAP);
    ValueState<String> v = b.valueState(withTtl(new ValueStateDescriptor<>("v"),
        StateTtlConfig.newBuilder(TTL).cleanupIncrementally(0).build()));
    for (long k = 0; k < 50; k++) {
      b.setCurrentKey(k);
      v.update("v" + k);
    }
    now = 100;
    b.setCurrentKey(0L);
    for (int i = 0; i < 100; i++) {
      v.value();
    }
    assertThat(b.keyCount()).as("only key 0, read, was removed").isEqualTo(49);
  }

  @Test
  void theHeapBackendsCleanupAfterASnapshotsSynchronousPartDoesNotChangeTheSnapshot() throws Exception {
    HeapKeyedStateBackend b = (HeapKeyedStateBackend) backend(StateBackendKind.HEAP);
    ValueState<String> v = b.valueState(value("v"));
    ListState<String> list = b.listState(withTtl(new ListStateDescriptor<>("list")));
    for (long k = 0; k < 100; k++) {
      now = k % 2 == 0 ? 0 : 40;
      b.setCurrentKey(k);
      v.update("v" + k);
      list.add("a" + k);
    }
    now = 50;
    AsyncSnapshot pending = b.snapshot(StateBackendKind.target(storage, "job", 1, 0));
    now = 1000;
    b.setCurrentKey(-1L);
    for (int i = 0; i < 1000 && b.keyCount() > 0; i++) {
      list.get();
      v.value();
    }
    assertThat(b.keyCount()).as("everything expired and was cleaned up").isZero();
    KeyedStateHandle handle = pending.write();

    now = 60;
    KeyedStateBackend restored = backend(StateBackendKind.HEAP);
    restored.restore(List.of(handle), storage);
    ValueState<String> rv = restored.valueState(value("v"));
    ListState<String> rl = restored.listState(withTtl(new ListStateDescriptor<>("list")));
    for (long k = 0; k < 100; k++) {
      restored.setCurrentKey(k);
      assertThat(rv.value()).isEqualTo("v" + k);
      assertThat(rl.get()).containsExactly("a" + k);
    }
    now = 100;
    for (long k = 0; k < 100; k++) {
      restored.setCurrentKey(k);
      assertThat(rv.value()).as("value of %s", k).isEqualTo(k % 2 == 0 ? "none" : "v" + k);
    }
  }
}
