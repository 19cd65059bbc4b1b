package io.weir.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.api.state.MapState;
import io.weir.api.state.MapStateDescriptor;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyGroups;
import io.weir.state.KeyedStateHandle;
import io.weir.state.StateAccessException;
import io.weir.state.StateBackendKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RocksDB entries name record and enum classes by id; the databases say which, through restores and rescaling. */
class RocksDbClassDictionaryTest {
  private static final KeyGroupRange ALL = new KeyGroupRange(0, 127);
  private static final int KEYS = 500;

  record Item(long id, String name) {
  }

  enum Colour { RED, GREEN }

  record Held(Item item, Colour colour, List<Item> more) {
  }

  @TempDir
  Path tmp;

  private DirectoryCheckpointStorage storage() {
    return new DirectoryCheckpointStorage(tmp.resolve("checkpoints"));
  }

  private RocksDbKeyedStateBackend backend(KeyGroupRange range, String dir) {
    return new RocksDbKeyedStateBackend(range, 128, tmp.resolve(dir), StateBackendKind.testRocksDb(), false);
  }

  private static Held held(long k) {
    return new Held(new Item(k, "item-" + k), k % 2 == 0 ? Colour.RED : Colour.GREEN, List.of(new Item(-k, "more")));
  }

  private static void fill(RocksDbKeyedStateBackend b) {
    ValueState<Held> value = b.valueState(new ValueStateDescriptor<>("value"));
    MapState<Item, Colour> map = b.mapState(new MapStateDescriptor<>("map"));
    for (long k = 0; k < KEYS; k++) {
      b.setCurrentKey(new Item(k, "key"));
      value.update(held(k));
      map.put(new Item(k, "entry"), Colour.GREEN);
    }
  }

  /** A checkpoint of all key groups of a backend {@link #fill} filled. */
  private KeyedStateHandle filledSnapshot(DirectoryCheckpointStorage storage) throws Exception {
    try (RocksDbKeyedStateBackend b = backend(ALL, "source")) {
      fill(b);
      return b.snapshot(StateBackendKind.target(storage, "job", 1, 0)).write();
    }
  }

  /** Reads every key of {@code range} back (from a backend whose dictionary starts empty) and counts them. */
  private static int check(RocksDbKeyedStateBackend b, KeyGroupRange range) {
    ValueState<Held> value = b.valueState(new ValueStateDescriptor<>("value"));
    MapState<Item, Colour> map = b.mapState(new MapStateDescriptor<>("map"));
    int found = 0;
    for (long k = 0; k < KEYS; k++) {
      Item key = new Item(k, "key");
      if (!range.contains(KeyGroups.assign(key, 128))) {
        continue;
      }
      b.setCurrentKey(key);
      assertThat(value.value()).isEqualTo(held(k));
      assertThat(map.entries()).isEqualTo(Map.of(new Item(k, "entry"), Colour.GREEN));
      found++;
    }
    return found;
  }

  @Test
  void recordsAndEnumsInKeysAndValuesAreReadBackByABackendThatRestoresThem() throws Exception {
    DirectoryCheckpointStorage storage = storage();
    KeyedStateHandle handle = filledSnapshot(storage);
    try (RocksDbKeyedStateBackend b = backend(ALL, "restored")) {
      b.restore(List.of(handle), storage);
      assertThat(check(b, ALL)).isEqualTo(KEYS);
    }
  }

  @Test
  void rescalingInAndOutKeepsTheClassesEveryPartNames() throws Exception {
    DirectoryCheckpointStorage storage = storage();
    KeyedStateHandle whole = filledSnapshot(storage);
    List<KeyedStateHandle> halves = new ArrayList<>();
    int found = 0;
    for (int i = 0; i < 2; i++) {
      KeyGroupRange half = KeyGroups.rangeOf(i, 2, 128);
      try (RocksDbKeyedStateBackend b = backend(half, "half-" + i)) {
        b.restore(List.of(whole), storage);
        found += check(b, half);
        halves.add(b.snapshot(StateBackendKind.target(storage, "job", 2, i)).write());
      }
    }
    assertThat(found).isEqualTo(KEYS);
    try (RocksDbKeyedStateBackend b = backend(ALL, "merged")) {
      b.restore(halves, storage);
      assertThat(check(b, ALL)).isEqualTo(KEYS);
    }
  }

  @Test
  void aCheckpointOfFormatOneIsRefusedNamingItsFormat() throws Exception {
    DirectoryCheckpointStorage storage = storage();
    KeyedStateHandle handle;
    try (RocksDbKeyedStateBackend b = backend(ALL, "source")) {
      fill(b);
      b.db().put("weir.format".getBytes(StandardCharsets.UTF_8), new byte[] {1}); // as a format-1 database says
      handle = b.snapshot(StateBackendKind.target(storage, "job", 1, 0)).write();
    }
    try (RocksDbKeyedStateBackend b = backend(ALL, "restored")) {
      assertThatThrownBy(() -> b.restore(List.of(handle), storage)).isInstanceOf(CorruptCheckpointException.class)
          .hasMessageContaining("has format 1, this Weir reads 2").hasMessageContaining("class names");
    }
  }

  @Test
  void aDictionaryEntryWhoseIdIsNotItsNamesIsRefused() throws Exception {
    DirectoryCheckpointStorage storage = storage();
    KeyedStateHandle handle;
    try (RocksDbKeyedStateBackend b = backend(ALL, "source")) {
      fill(b);
      byte[] key = ByteBuffer.allocate(19).put("weir.class.".getBytes(StandardCharsets.UTF_8))
          .putLong(ClassDictionary.id(Item.class.getName())).array();
      b.db().put(key, "some.other.Name".getBytes(StandardCharsets.UTF_8));
      handle = b.snapshot(StateBackendKind.target(storage, "job", 1, 0)).write();
    }
    try (RocksDbKeyedStateBackend b = backend(ALL, "restored")) {
      assertThatThrownBy(() -> b.restore(List.of(handle), storage)).isInstanceOf(CorruptCheckpointException.class)
          .hasMessageContaining("some.other.Name").hasMessageContaining("not its id");
    }
  }

  @Test
  void anIdIsTheSameForTheSameNameAndAnEntryOfAnUnknownIdFailsClearly() {
    assertThat(ClassDictionary.id(Item.class.getName())).isEqualTo(ClassDictionary.id(new String(Item.class.getName())))
        .isNotEqualTo(ClassDictionary.id(Held.class.getName()));
    List<String> recorded = new ArrayList<>();
    ClassDictionary d = new ClassDictionary((id, name) -> recorded.add(name));
    long id = d.idOf(Item.class);
    d.idOf(Item.class);
    assertThat(recorded).containsExactly(Item.class.getName());
    assertThat(d.nameOf(id)).isEqualTo(Item.class.getName());
    KeyValueCodec writing = new KeyValueCodec(d);
    writing.setValue(new Item(1, "x"));
    byte[] bytes = java.util.Arrays.copyOf(writing.value(), writing.valueLength());
    assertThat(new KeyValueCodec(d).decode(bytes)).isEqualTo(new Item(1, "x"));
    KeyValueCodec other = new KeyValueCodec(new ClassDictionary((i, n) -> { }));
    assertThatThrownBy(() -> other.decode(bytes)).hasMessageContaining("is not in the class dictionary");
  }

  /** The names read last are remembered for speed, but a reload from a database that never named a class forgets it too. */
  @Test
  void aReloadForgetsTheClassesReadLastThatTheReloadedDatabaseDoesNotName() throws Exception {
    ClassDictionary d = new ClassDictionary((id, name) -> { });
    long item = d.idOf(Item.class);
    KeyValueCodec codec = new KeyValueCodec(d);
    codec.setValue(new Item(1, "x"));
    byte[] bytes = java.util.Arrays.copyOf(codec.value(), codec.valueLength());
    assertThat(codec.decode(bytes)).isEqualTo(new Item(1, "x"));
    assertThat(d.nameOf(item)).isEqualTo(Item.class.getName());
    try (org.rocksdb.WriteOptions writes = new org.rocksdb.WriteOptions();
        RocksDbOptions options = new RocksDbOptions(StateBackendKind.testRocksDb());
        RocksDbInstance empty = RocksDbInstance.create(tmp.resolve("empty"), options, writes)) {
      d.reload(empty, "an empty database");
    }
    assertThat(d.nameOf(item)).isNull();
    assertThatThrownBy(() -> codec.decode(bytes)).hasMessageContaining("is not in the class dictionary");
  }

  @Test
  void aBackendThatCannotRecordAClassFailsNamingIt() {
    ClassDictionary d = new ClassDictionary((id, name) -> {
      throw new org.rocksdb.RocksDBException("disk full");
    });
    assertThatThrownBy(() -> d.idOf(Item.class)).isInstanceOf(StateAccessException.class)
        .hasMessageContaining(Item.class.getName()).hasMessageContaining("disk full");
  }
}
