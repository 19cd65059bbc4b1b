package io.weir.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.api.state.ListState;
import io.weir.api.state.ListStateDescriptor;
import io.weir.api.state.MapState;
import io.weir.api.state.MapStateDescriptor;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyedStateHandle;
import io.weir.state.StateBackendKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RocksDB backend's per-state caches of recently used entries ({@link ColumnCache}): reads and
 * writes through a cache that is far smaller than the state give what RocksDB alone would, and a
 * snapshot, a restore, an iteration and a map's clear see every cached write.
 */
class RocksDbStateCacheTest {
  private static final KeyGroupRange ALL = new KeyGroupRange(0, 127);

  /** A key with a namespace, as a window's state is keyed. */
  record Namespaced(long key, long namespace) {
  }

  @TempDir
  Path tmp;

  private final List<RocksDbKeyedStateBackend> opened = new ArrayList<>();

  private RocksDbKeyedStateBackend backend(String name, int cacheEntries) {
    RocksDbKeyedStateBackend b = new RocksDbKeyedStateBackend(ALL, 128, tmp.resolve(name), StateBackendKind.testRocksDb(),
        false, System::currentTimeMillis, cacheEntries);
    opened.add(b);
    return b;
  }

  @AfterEach
  void close() {
    opened.forEach(RocksDbKeyedStateBackend::close);
  }

  @Test
  void writesEvictedFromASmallCacheAreReadBackFromRocksDb() {
    RocksDbKeyedStateBackend b = backend("small", 3);
    ValueState<Long> value = b.valueState(new ValueStateDescriptor<>("value"));
    for (long k = 0; k < 100; k++) {
      b.setCurrentKey(k);
      value.update(k * 7);
    }
    for (long k = 0; k < 100; k += 2) {
      b.setCurrentKey(k);
      value.clear();
    }
    for (long k = 0; k < 100; k++) {
      b.setCurrentKey(k);
      assertThat(value.value()).as("key %d", k).isEqualTo(k % 2 == 0 ? null : k * 7);
    }
  }

  @Test
  void theCurrentKeysBytesChangeWithTheKeyAndWithItsNamespace() {
    RocksDbKeyedStateBackend b = backend("keys", 1_000);
    ValueState<String> value = b.valueState(new ValueStateDescriptor<>("value"));
    b.setCurrentKey(new Namespaced(1, 10));
    value.update("1@10");
    b.setCurrentKey(new Namespaced(1, 20));
    assertThat(value.value()).isNull();
    value.update("1@20");
    b.setCurrentKey(new Namespaced(2, 10));
    assertThat(value.value()).isNull();
    value.update("2@10");
    b.setCurrentKey(new Namespaced(1, 10));
    assertThat(value.value()).isEqualTo("1@10");
    b.setCurrentKey(new Namespaced(1, 20));
    assertThat(value.value()).isEqualTo("1@20");
    b.setCurrentKey(new Namespaced(2, 10));
    assertThat(value.value()).isEqualTo("2@10");
  }

  @Test
  void aSnapshotHoldsTheWritesStillInTheCache() throws Exception {
    DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(tmp.resolve("checkpoints"));
    RocksDbKeyedStateBackend source = backend("source", 1_000);
    ValueState<Long> value = source.valueState(new ValueStateDescriptor<>("value"));
    ListState<String> list = source.listState(new ListStateDescriptor<>("list"));
    for (long k = 0; k < 50; k++) {
      source.setCurrentKey(k);
      value.update(k);
      list.add("a" + k);
      list.get();
      list.add("b" + k);
    }
    source.setCurrentKey(0L);
    value.clear();
    KeyedStateHandle handle = source.snapshot(StateBackendKind.target(storage, "cache", 1, 0)).write();
    source.setCurrentKey(1L);
    value.update(-1L); // after the snapshot: not in it

    RocksDbKeyedStateBackend restored = backend("restored", 1_000);
    restored.restore(List.of(handle), storage);
    ValueState<Long> restoredValue = restored.valueState(new ValueStateDescriptor<>("value"));
    ListState<String> restoredList = restored.listState(new ListStateDescriptor<>("list"));
    for (long k = 0; k < 50; k++) {
      restored.setCurrentKey(k);
      assertThat(restoredValue.value()).isEqualTo(k == 0 ? null : k);
      assertThat(restoredList.get()).containsExactly("a" + k, "b" + k);
    }
  }

  @Test
  void aListAddedToWhileCachedOrNotKeepsEveryElementInOrder() {
    RocksDbKeyedStateBackend b = backend("lists", 2);
    ListState<Integer> list = b.listState(new ListStateDescriptor<>("list"));
    b.setCurrentKey(1L);
    list.add(1); // not cached: a RocksDB merge
    assertThat(list.get()).containsExactly(1);
    list.add(2); // cached now: appended in the cache
    list.add(3);
    b.setCurrentKey(2L);
    list.add(9);
    list.get();
    b.setCurrentKey(3L);
    list.get(); // evicts key 1's dirty list
    b.setCurrentKey(1L);
    list.add(4);
    assertThat(list.get()).containsExactly(1, 2, 3, 4);
    b.setCurrentKey(2L);
    assertThat(list.get()).containsExactly(9);
  }

  @Test
  void aMapsIterationAndClearSeeItsCachedWrites() throws Exception {
    RocksDbKeyedStateBackend b = backend("maps", 1_000);
    MapState<String, Integer> map = b.mapState(new MapStateDescriptor<>("map"));
    b.setCurrentKey(1L);
    map.put("a", 1);
    map.put("b", 2);
    map.put("c", 3);
    map.remove("a");
    assertThat(map.entries()).isEqualTo(Map.of("b", 2, "c", 3));
    assertThat(map.isEmpty()).isFalse();
    map.clear();
    assertThat(map.get("b")).isNull();
    assertThat(map.contains("c")).isFalse();
    assertThat(map.isEmpty()).isTrue();
    map.put("d", 4);
    assertThat(map.entries()).isEqualTo(Map.of("d", 4));
    b.setCurrentKey(2L);
    map.put("e", 5);
    List<Object> keys = new ArrayList<>();
    b.forEachKey("map", keys::add);
    assertThat(keys).containsExactlyInAnyOrder(1L, 2L);
  }

  @Test
  void aColumnCacheWritesBackOnlyDirtyEntriesAndEvictsTheLeastRecentlyUsed() throws Exception {
    List<String> written = new ArrayList<>();
    ColumnCache cache = new ColumnCache(2, Long.MAX_VALUE, (key, v, append) -> written.add(new String(key) + "=" + (v == null ? null : new String(v))),
        STRINGS);
    cache.loaded("a".getBytes(), 1, "1".getBytes());
    cache.write("b".getBytes(), 1, "2".getBytes());
    assertThat(cache.get("a".getBytes(), 1)).isEqualTo("1".getBytes()); // a is now the most recently used
    cache.write("c".getBytes(), 1, null); // evicts b, dirty
    assertThat(written).containsExactly("b=2");
    cache.loaded("d".getBytes(), 1, null); // evicts a, clean: nothing written
    assertThat(written).containsExactly("b=2");
    assertThat(cache.get("b".getBytes(), 1)).isSameAs(ColumnCache.MISSING);
    assertThat(cache.get("d".getBytes(), 1)).isNull();
    assertThat(cache.hasDirty()).isTrue();
    cache.loaded("e".getBytes(), 1, null); // evicts c, a dirty delete
    assertThat(written).containsExactly("b=2", "c=null");
    assertThat(cache.hasDirty()).isFalse();
  }

  @Test
  void aColumnCacheEvictsByBytesToo() throws Exception {
    List<String> written = new ArrayList<>();
    long oneEntry = ColumnCache.ENTRY_OVERHEAD + 1 + 10;
    ColumnCache cache = new ColumnCache(100, 2 * oneEntry, (key, v, append) -> written.add(new String(key)), STRINGS);
    cache.write("a".getBytes(), 1, new byte[10]);
    cache.write("b".getBytes(), 1, new byte[10]);
    assertThat(written).isEmpty();
    cache.append("b".getBytes(), 1, new byte[1], 1, false); // one byte over: a goes
    assertThat(written).containsExactly("a");
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void valuesKeptAsObjectsCountAsTheValuesItEncodedSoAManyEntryCacheKeepsItsBytesBound() throws Exception {
    List<String> written = new ArrayList<>();
    long big = 10_000;
    ColumnCache cache = new ColumnCache(1000, 3 * (ColumnCache.ENTRY_OVERHEAD + 1 + big),
        (key, v, append) -> written.add(new String(key)), v -> new byte[(int) big]);
    cache.writeDecoded("a".getBytes(), 1, 1L, false);
    cache.writeDecoded("b".getBytes(), 1, 2L, false);
    assertThat(cache.get("a".getBytes(), 1)).hasSize((int) big); // encoded: the cache knows what its values cost
    for (char k = 'c'; k <= 'h'; k++) {
      cache.writeDecoded(new byte[] {(byte) k}, 1, 3L, false);
    }
    assertThat(cache.size()).as("entries not encoded yet count as the one it encoded").isLessThanOrEqualTo(3);
    assertThat(written).isNotEmpty();
  }

  @Test
  void aByteArrayOrStringKeptAsAnObjectCountsItsLength() throws Exception {
    ColumnCache cache = new ColumnCache(1000, 2 * (ColumnCache.ENTRY_OVERHEAD + 1 + 5_000), (key, v, append) -> { },
        v -> v instanceof byte[] b ? b : ((String) v).getBytes());
    cache.writeDecoded("a".getBytes(), 1, new byte[5_000], false);
    cache.writeDecoded("b".getBytes(), 1, "x".repeat(5_000), false);
    cache.writeDecoded("c".getBytes(), 1, new byte[5_000], false);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void aColumnCacheKeepsAValueWrittenAsAnObjectAndEncodesItOnlyWhenItIsWrittenBack() throws Exception {
    List<String> written = new ArrayList<>();
    List<String> encoded = new ArrayList<>();
    ColumnCache cache = new ColumnCache(2, Long.MAX_VALUE,
        (key, v, append) -> written.add(new String(key) + "=" + new String(v)), v -> {
          encoded.add((String) v);
          return ((String) v).getBytes();
        });
    String one = new String("one");
    cache.writeDecoded("a".getBytes(), 1, one, false);
    cache.writeDecoded("a".getBytes(), 1, "two", false);
    assertThat(cache.decoded("a".getBytes(), 1, bytes -> { throw new AssertionError("decoded again"); })).isEqualTo("two");
    assertThat(encoded).isEmpty();
    cache.loaded("b".getBytes(), 1, "B".getBytes());
    List<String> decodes = new ArrayList<>();
    ColumnCache.Decoder decoder = bytes -> {
      decodes.add(new String(bytes));
      return new String(bytes);
    };
    Object b = cache.decoded("b".getBytes(), 1, decoder);
    assertThat(cache.decoded("b".getBytes(), 1, decoder)).isSameAs(b); // decoded once, then kept
    assertThat(decodes).containsExactly("B");
    assertThat(cache.decoded("z".getBytes(), 1, decoder)).isSameAs(ColumnCache.NOT_CACHED);
    cache.loaded("c".getBytes(), 1, null); // evicts a, the least recently used: encoded once, written back
    assertThat(encoded).containsExactly("two");
    assertThat(written).containsExactly("a=two");
  }

  @Test
  void aColumnCacheFlushesAValueWrittenAsAnObjectAsItsEncoding() throws Exception {
    ColumnCache cache = new ColumnCache(10, Long.MAX_VALUE, (key, v, append) -> { }, STRINGS);
    cache.writeDecoded("a".getBytes(), 1, "x", false);
    assertThat(cache.get("a".getBytes(), 1)).isEqualTo("x".getBytes());
    cache.write("a".getBytes(), 1, "y".getBytes()); // bytes written later replace the object
    assertThat(cache.decoded("a".getBytes(), 1, String::new)).isEqualTo("y");
    assertThat(cache.hasDirty()).isTrue();
  }

  @Test
  void aKeyTheDatabaseNeverHeldCostsItNoDeleteWhenItIsClearedInTheCache() throws Exception {
    List<String> written = new ArrayList<>();
    ColumnCache cache = new ColumnCache(1, Long.MAX_VALUE, (key, v, append) -> written.add(new String(key) + "=" + (v == null ? null : new String(v))),
        STRINGS);
    cache.loaded("w".getBytes(), 1, null); // read: the database has no such key (a new window's)
    cache.writeDecoded("w".getBytes(), 1, "3", false);
    cache.write("w".getBytes(), 1, null); // the window fired and was cleared, all in the cache
    cache.loaded("x".getBytes(), 1, null); // evicts w: nothing to tell the database
    assertThat(written).isEmpty();
    assertThat(cache.hasDirty()).isFalse();
    cache.write("y".getBytes(), 1, null); // evicts x, clean; y was never read, so the database may hold it
    cache.loaded("z".getBytes(), 1, null);
    assertThat(written).containsExactly("y=null");
  }

  @Test
  void aValueWrittenToAKeyKnownEmptyCostsNoDeleteWhenItIsClearedAndAnyOtherKeyDoes() throws Exception {
    List<String> written = new ArrayList<>();
    ColumnCache cache = new ColumnCache(1, Long.MAX_VALUE, (key, v, append) -> written.add(new String(key) + "=" + (v == null ? null : new String(v))),
        STRINGS);
    cache.writeDecoded("w".getBytes(), 1, "3", true); // a window's first record: its timers say it is empty
    cache.write("w".getBytes(), 1, null); // it fired and was cleared, all in the cache
    cache.writeDecoded("v".getBytes(), 1, "4", false); // evicts w: nothing to tell the database
    assertThat(written).isEmpty();
    cache.write("v".getBytes(), 1, null); // v was not known to be empty: the database may hold it
    cache.loaded("z".getBytes(), 1, null);
    assertThat(written).containsExactly("v=null");
  }

  @Test
  void aListStartedOnAKeyKnownEmptyIsReadWholeFromTheCacheAndWrittenBackAsAPut() throws Exception {
    List<String> written = new ArrayList<>();
    ColumnCache cache = new ColumnCache(1, Long.MAX_VALUE,
        (key, v, append) -> written.add(new String(key) + (append ? "+=" : "=") + new String(v)), STRINGS);
    cache.append("l".getBytes(), 1, "c".getBytes(), 1, true);
    cache.append("l".getBytes(), 1, "d".getBytes(), 1, false);
    assertThat(cache.get("l".getBytes(), 1)).as("the whole list, no read of the database needed").isEqualTo("cd".getBytes());
    cache.append("m".getBytes(), 1, "x".getBytes(), 1, false); // evicts l: the database is given all of it
    assertThat(written).containsExactly("l=cd");
    assertThat(cache.get("m".getBytes(), 1)).as("a list not known empty may have more in the database")
        .isSameAs(ColumnCache.MISSING);
  }

  /** Encodes a decoded list as its elements' strings one after another, as the list columns' encoder does with Serde values. */
  private static byte[] listOfStrings(Object v, List<Object> encoded) {
    encoded.add(v);
    StringBuilder all = new StringBuilder();
    ((List<?>) v).forEach(all::append);
    return all.toString().getBytes();
  }

  @Test
  void aListStartedAsObjectsOnAKeyKnownEmptyIsNeverEncodedIfItIsClearedInTheCache() throws Exception {
    List<String> written = new ArrayList<>();
    List<Object> encoded = new ArrayList<>();
    ColumnCache cache = new ColumnCache(1, Long.MAX_VALUE,
        (key, v, append) -> written.add(new String(key) + "=" + (v == null ? null : new String(v))), v -> listOfStrings(v, encoded));
    assertThat(cache.appendDecoded("w".getBytes(), 1, "a", true)).isTrue(); // a window's first record
    assertThat(cache.appendDecoded("w".getBytes(), 1, "b", false)).isTrue();
    assertThat(cache.decoded("w".getBytes(), 1, bytes -> { throw new AssertionError("decoded"); })).isEqualTo(List.of("a", "b"));
    cache.write("w".getBytes(), 1, null); // the window fired and was cleared
    assertThat(cache.appendDecoded("w".getBytes(), 1, "c", false)).as("a key known to hold nothing starts a list").isTrue();
    cache.write("w".getBytes(), 1, null);
    cache.loaded("x".getBytes(), 1, null); // evicts w: nothing to tell the database
    assertThat(encoded).isEmpty();
    assertThat(written).isEmpty();
  }

  @Test
  void aListKeptAsObjectsIsEncodedWholeWhenItIsWrittenBackAndAListKeptAsBytesOrNotCachedIsNotAddedToAsObjects() throws Exception {
    List<String> written = new ArrayList<>();
    List<Object> encoded = new ArrayList<>();
    ColumnCache cache = new ColumnCache(1, Long.MAX_VALUE,
        (key, v, append) -> written.add(new String(key) + (append ? "+=" : "=") + new String(v)), v -> listOfStrings(v, encoded));
    assertThat(cache.appendDecoded("m".getBytes(), 1, "x", false)).as("not cached: the database may hold more").isFalse();
    cache.loaded("l".getBytes(), 1, "ab".getBytes()); // evicts nothing dirty
    assertThat(cache.appendDecoded("l".getBytes(), 1, "c", false)).as("kept as bytes").isFalse();
    Object read = cache.decoded("l".getBytes(), 1, bytes -> new ColumnCache.DecodedList(List.of("a", "b")));
    assertThat(read).isEqualTo(List.of("a", "b"));
    assertThat(cache.appendDecoded("l".getBytes(), 1, "c", false)).as("read as objects").isTrue();
    assertThat(cache.decoded("l".getBytes(), 1, bytes -> { throw new AssertionError("decoded again"); }))
        .isEqualTo(List.of("a", "b", "c"));
    assertThat(cache.get("l".getBytes(), 1)).isEqualTo("abc".getBytes());
    assertThat(encoded).containsExactly(List.of("a", "b", "c"));
    assertThat(cache.appendDecoded("l".getBytes(), 1, "d", false)).isTrue();
    cache.loaded("n".getBytes(), 1, null); // evicts l: the whole list, as a put
    assertThat(written).containsExactly("l=abcd");
  }

  @Test
  void aKeyFlushedToTheDatabaseIsDeletedThereWhenItIsCleared() throws Exception {
    List<String> written = new ArrayList<>();
    ColumnCache cache = new ColumnCache(1, Long.MAX_VALUE, (key, v, append) -> written.add(new String(key) + "=" + (v == null ? null : new String(v))),
        STRINGS);
    cache.loaded("w".getBytes(), 1, null);
    cache.writeDecoded("w".getBytes(), 1, "3", false);
    try (org.rocksdb.Options options = new org.rocksdb.Options().setCreateIfMissing(true);
         org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(options, tmp.resolve("db").toString());
         org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch()) {
      cache.flushInto(batch, db.getDefaultColumnFamily()); // a checkpoint: the database holds w now
      assertThat(batch.count()).isEqualTo(1);
    }
    cache.write("w".getBytes(), 1, null);
    cache.loaded("x".getBytes(), 1, null); // evicts w: its delete must reach the database
    assertThat(written).containsExactly("w=null");
  }

  @Test
  void aKeyEqualToTheCurrentOneReachesTheSameState() {
    RocksDbKeyedStateBackend b = backend("same", 1_000);
    ValueState<String> value = b.valueState(new ValueStateDescriptor<>("value"));
    b.setCurrentKey(new Namespaced(1, 10));
    value.update("1@10");
    b.setCurrentKey(new Namespaced(1, 10)); // another object, equal: its bytes, still encoded, are reused
    assertThat(value.value()).isEqualTo("1@10");
    b.setCurrentKey(new Namespaced(1, 11));
    assertThat(value.value()).isNull();
  }

  @Test
  void aKeySetBeforeARestoreIsEncodedAgainSoTheRestoredDatabaseRecordsItsClass() throws Exception {
    DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(tmp.resolve("checkpoints"));
    RocksDbKeyedStateBackend longs = backend("longs", 1_000);
    ValueState<String> value = longs.valueState(new ValueStateDescriptor<>("value"));
    longs.setCurrentKey(7L);
    value.update("seven");
    KeyedStateHandle onlyLongs = longs.snapshot(StateBackendKind.target(storage, "cache", 1, 0)).write();

    RocksDbKeyedStateBackend restored = backend("restored", 1_000);
    ValueState<String> restoredValue = restored.valueState(new ValueStateDescriptor<>("value"));
    restored.setCurrentKey(new Namespaced(1, 10)); // encoded against the database before the restore
    restored.restore(List.of(onlyLongs), storage);
    restored.setCurrentKey(new Namespaced(1, 10));
    restoredValue.update("1@10"); // the restored database has not recorded Namespaced: this must
    KeyedStateHandle both = restored.snapshot(StateBackendKind.target(storage, "cache", 2, 0)).write();

    RocksDbKeyedStateBackend again = backend("again", 1_000);
    again.restore(List.of(both), storage);
    List<Object> keys = new ArrayList<>();
    again.forEachKey("value", keys::add); // decoding a key needs its class's name from the database
    assertThat(keys).containsExactlyInAnyOrder(7L, new Namespaced(1, 10));
  }

  @Test
  void elementsAddedToAListThatIsNotCachedWaitInTheCacheAndAReadJoinsThemToTheDatabasesList() throws Exception {
    List<String> written = new ArrayList<>();
    ColumnCache cache = new ColumnCache(2, Long.MAX_VALUE,
        (key, v, append) -> written.add(new String(key) + (append ? "+=" : "=") + new String(v)), STRINGS);
    cache.append("l".getBytes(), 1, "c".getBytes(), 1, false);
    cache.append("l".getBytes(), 1, "d".getBytes(), 1, false);
    assertThat(written).as("no database call to add").isEmpty();
    assertThat(cache.get("l".getBytes(), 1)).as("its first elements are in the database").isSameAs(ColumnCache.MISSING);
    assertThat(cache.loaded("l".getBytes(), 1, "ab".getBytes())).isEqualTo("abcd".getBytes());
    assertThat(cache.get("l".getBytes(), 1)).isEqualTo("abcd".getBytes());
    cache.append("m".getBytes(), 1, "x".getBytes(), 1, false);
    cache.loaded("n".getBytes(), 1, null); // evicts l, whole and dirty: written as it is
    assertThat(written).containsExactly("l=abcd");
    cache.loaded("o".getBytes(), 1, null); // evicts m, only appended here: merged
    assertThat(written).containsExactly("l=abcd", "m+=x");
  }

  @Test
  void aFlushMergesTheElementsAddedToAListThatIsNotCachedAndForgetsThem() throws Exception {
    ColumnCache cache = new ColumnCache(10, Long.MAX_VALUE, (key, v, append) -> { }, STRINGS);
    try (org.rocksdb.Options options = new org.rocksdb.Options().setCreateIfMissing(true)
             .setMergeOperator(new org.rocksdb.StringAppendOperator(""));
         org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(options, tmp.resolve("db").toString());
         org.rocksdb.WriteOptions writes = new org.rocksdb.WriteOptions()) {
      db.put("l".getBytes(), "ab".getBytes());
      cache.append("l".getBytes(), 1, "c".getBytes(), 1, false);
      try (org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch()) {
        cache.flushInto(batch, db.getDefaultColumnFamily());
        db.write(writes, batch);
      }
      assertThat(db.get("l".getBytes())).isEqualTo("abc".getBytes());
      assertThat(cache.size()).isZero();
      assertThat(cache.hasDirty()).isFalse();
      cache.append("l".getBytes(), 1, "d".getBytes(), 1, false); // appended once more: only d is pending
      assertThat(cache.loaded("l".getBytes(), 1, db.get("l".getBytes()))).isEqualTo("abcd".getBytes());
    }
  }

  @Test
  void aListReplacedOrClearedAfterElementsWereAddedUncachedIsWhatWasWritten() throws Exception {
    List<String> written = new ArrayList<>();
    ColumnCache cache = new ColumnCache(1, Long.MAX_VALUE,
        (key, v, append) -> written.add(new String(key) + (append ? "+=" : "=") + (v == null ? null : new String(v))), STRINGS);
    cache.append("l".getBytes(), 1, "c".getBytes(), 1, false);
    cache.write("l".getBytes(), 1, "z".getBytes());
    assertThat(cache.get("l".getBytes(), 1)).isEqualTo("z".getBytes());
    cache.append("k".getBytes(), 1, "c".getBytes(), 1, false); // evicts l
    cache.write("k".getBytes(), 1, null);
    cache.loaded("j".getBytes(), 1, null); // evicts k
    assertThat(written).containsExactly("l=z", "k=null");
  }

  @Test
  void theEntryFoundLastIsNotFoundOnceItLeftTheCache() throws Exception {
    ColumnCache cache = new ColumnCache(1, Long.MAX_VALUE, (key, v, append) -> { }, STRINGS);
    cache.loaded("a".getBytes(), 1, "1".getBytes());
    assertThat(cache.get("a".getBytes(), 1)).isEqualTo("1".getBytes()); // found last
    cache.loaded("b".getBytes(), 1, "2".getBytes()); // evicts a
    assertThat(cache.get("a".getBytes(), 1)).isSameAs(ColumnCache.MISSING);
    assertThat(cache.get("b".getBytes(), 1)).isEqualTo("2".getBytes());
    cache.forget("b".getBytes(), 1);
    assertThat(cache.get("b".getBytes(), 1)).isSameAs(ColumnCache.MISSING);
    cache.loaded("c".getBytes(), 1, "3".getBytes());
    cache.clear();
    assertThat(cache.get("c".getBytes(), 1)).isSameAs(ColumnCache.MISSING);
  }

  private static final ColumnCache.Encoder STRINGS = v -> ((String) v).getBytes();
}
