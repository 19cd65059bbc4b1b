package io.weir.state.rocksdb;

import io.weir.api.state.ListState;
import io.weir.api.state.ListStateDescriptor;
import io.weir.api.state.MapState;
import io.weir.api.state.MapStateDescriptor;
import io.weir.api.state.ReducingState;
import io.weir.api.state.ReducingStateDescriptor;
import io.weir.api.state.StateDescriptor;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.config.Settings;
import io.weir.state.AbstractKeyedStateBackend;
import io.weir.state.AsyncSnapshot;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyGroups;
import io.weir.state.KeyedStateHandle;
import io.weir.state.SnapshotTarget;
import io.weir.state.StateAccessException;
import io.weir.state.ttl.TtlListState;
import io.weir.state.ttl.TtlMapState;
import io.weir.state.ttl.TtlPolicy;
import io.weir.state.ttl.TtlReducingState;
import io.weir.state.ttl.TtlValue;
import io.weir.state.ttl.TtlValueState;
import io.weir.util.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.rocksdb.Checkpoint;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed state in RocksDB, on local disk, so it can be far larger than the heap. One database per
 * subtask in its local directory ({@code db-0}, opened on first use or by the restore), one column
 * family per state ({@link StateColumns}), keys laid out by {@link KeyValueCodec} (key group
 * first). Writes skip the WAL: a failed task restores from a checkpoint, never from its local files.
 * Point reads and writes go through a bounded cache of each state's recently used entries
 * ({@link CachedEntries}). A snapshot's synchronous part writes the cached writes, flushes the
 * memtables and takes a RocksDB checkpoint (hard links); {@link SnapshotUploader} uploads it, fully
 * or incrementally. Every call blocks on disk: the backend is used from the task's worker thread
 * only, never from an event loop. {@link #close()} releases every native handle and deletes the
 * local directory. A state with a time-to-live is its raw state of {@code TtlValue}s behind a
 * decorator ({@code io.weir.state.ttl}): an expired entry is deleted when a read finds it, and left
 * out when a restore copies entries; the RocksDB checkpoints themselves are files, uploaded as they are.
 */
public final class RocksDbKeyedStateBackend extends AbstractKeyedStateBackend {
  private static final Logger log = LoggerFactory.getLogger(RocksDbKeyedStateBackend.class);
  /** Entries cached per state, and their bytes at most ({@link ColumnCache}). */
  static final int CACHE_ENTRIES = 65_536;
  static final long CACHE_BYTES = 8 << 20;

  private final Path workDir;
  private final RocksDbOptions options;
  private final WriteOptions writes;
  private final ReadOptions reads;
  private final FlushOptions flush;
  private final SnapshotUploader uploader;
  /** The classes entries name by id ({@link ClassDictionary}), recorded in the database as they come. */
  private final ClassDictionary classes;
  private final KeyValueCodec codec;
  private final StateColumns columns;
  private final CachedEntries entries;
  /** Processing time, for states with a time-to-live. */
  private final LongSupplier clock;
  /** Opened on first use (or by restore), so a restored task never creates an empty database first. */
  private RocksDbInstance instance;
  private int generation;
  private boolean restored;
  private boolean closed;

  /**
   * @param localDir this subtask attempt's own directory: the backend creates it (deleting what a
   *                 crashed process may have left there), keeps its database and local checkpoints
   *                 in it, and deletes it on close
   */
  public RocksDbKeyedStateBackend(KeyGroupRange range, int maxParallelism, Path localDir, Settings.RocksDb settings,
                                  boolean incremental) {
    this(range, maxParallelism, localDir, settings, incremental, System::currentTimeMillis);
  }

  /** @param clock the processing time (ms) that states with a time-to-live expire by */
  public RocksDbKeyedStateBackend(KeyGroupRange range, int maxParallelism, Path localDir, Settings.RocksDb settings,
                                  boolean incremental, LongSupplier clock) {
    this(range, maxParallelism, localDir, settings, incremental, clock, CACHE_ENTRIES);
  }

  /** @param cacheEntries the recently used entries each state keeps in memory ({@link ColumnCache}) */
  RocksDbKeyedStateBackend(KeyGroupRange range, int maxParallelism, Path localDir, Settings.RocksDb settings,
                           boolean incremental, LongSupplier clock, int cacheEntries) {
    super(range, maxParallelism);
    this.clock = clock;
    this.workDir = localDir.toAbsolutePath().normalize();
    this.uploader = new SnapshotUploader(range, incremental);
    RocksDbOptions o = null;
    WriteOptions w = null;
    ReadOptions r = null;
    FlushOptions f = null;
    try {
      FileTrees.deleteQuietly(workDir);
      Files.createDirectories(workDir);
      o = new RocksDbOptions(settings);
      w = new WriteOptions().setDisableWAL(true);
      r = new ReadOptions();
      f = new FlushOptions().setWaitForFlush(true);
    } catch (Exception | Error e) {
      for (AutoCloseable c : new AutoCloseable[] {f, r, w, o}) {
        closeQuietly(c);
      }
      FileTrees.deleteQuietly(workDir);
      if (e instanceof Error error) {
        throw error;
      }
      throw new StateAccessException("cannot open RocksDB state in " + workDir + ": " + e.getMessage(), e);
    }
    options = o;
    writes = w;
    reads = r;
    flush = f;
    classes = new ClassDictionary((id, name) -> instance().recordClass(id, name, writes));
    codec = new KeyValueCodec(classes);
    columns = new StateColumns(writes, clock, classes);
    entries = new CachedEntries(this::db, reads, writes, cacheEntries, CACHE_BYTES, classes);
  }

  private Path nextDatabaseDir() {
    return workDir.resolve("db-" + generation++);
  }

  /** A key no cache holds is looked for in the memtables and in every file's filter. */
  @Override
  public boolean absentKeysCostReads() {
    return true;
  }

  @Override
  public void setCurrentKey(Object key) {
    if (currentKey != null && (key == currentKey || key.equals(currentKey))) {
      currentKey = key; // the key of the record before (a hot key's records come in runs): its bytes are still encoded
      return;
    }
    int kg = KeyGroups.assignWithin(key, maxParallelism, range);
    codec.setKey(kg, key);
    currentKey = key;
  }

  @Override
  public <T> ValueState<T> valueState(ValueStateDescriptor<T> d) {
    StateColumn c = column(d);
    return d.ttlConfig() == null ? new RocksDbValueState<>(this, c, d.defaultValue(), false)
        : new TtlValueState<>(new RocksDbValueState<TtlValue<T>>(this, c, null, true), policy(d), d.defaultValue());
  }

  @Override
  public <T> ListState<T> listState(ListStateDescriptor<T> d) {
    StateColumn c = column(d);
    return d.ttlConfig() == null ? new RocksDbListState<>(this, c, false)
        : new TtlListState<>(new RocksDbListState<TtlValue<T>>(this, c, true), policy(d));
  }

  @Override
  public <K, V> MapState<K, V> mapState(MapStateDescriptor<K, V> d) {
    StateColumn c = column(d);
    return d.ttlConfig() == null ? new RocksDbMapState<>(this, c, false)
        : new TtlMapState<>(new RocksDbMapState<K, TtlValue<V>>(this, c, true), policy(d));
  }

  @Override
  public <T> ReducingState<T> reducingState(ReducingStateDescriptor<T> d) {
    StateColumn c = column(d);
    return d.ttlConfig() == null ? new RocksDbReducingState<>(this, c, d)
        : new TtlReducingState<>(new RocksDbValueState<TtlValue<T>>(this, c, null, true), policy(d), d);
  }

  /** Expired entries are deleted as reads find them; there is no cleanup after an access. */
  private TtlPolicy policy(StateDescriptor d) {
    return new TtlPolicy(d.ttlConfig(), clock, () -> { });
  }

  private StateColumn column(StateDescriptor d) {
    checkOpen();
    return columns.declare(d, instance);
  }

  // ---------------------------------------------------------------- access for the state objects

  KeyValueCodec codec() {
    checkOpen();
    if (currentKey == null) {
      throw new StateAccessException("no current key: keyed state is only accessible while a keyed record or timer is processed");
    }
    return codec;
  }

  RocksDB db() {
    return instance().db;
  }

  private void checkOpen() {
    if (closed) {
      throw new StateAccessException("the RocksDB state backend of key groups " + range + " is closed");
    }
  }

  /** The database, created empty on first use when no restore opened one. */
  private RocksDbInstance instance() {
    checkOpen();
    if (instance == null) {
      Path dir = nextDatabaseDir();
      RocksDbInstance created = null;
      try {
        created = RocksDbInstance.create(dir, options, writes);
        columns.bind(created).run();
      } catch (RocksDBException | CorruptCheckpointException e) {
        if (created != null) {
          created.close();
        }
        FileTrees.deleteQuietly(dir);
        throw new StateAccessException("cannot create a RocksDB database in " + dir + ": " + e.getMessage(), e);
      }
      instance = created;
    }
    return instance;
  }

  /** The current key's entry in {@code c}, or null when it has none; never to be modified. */
  byte[] getCurrent(StateColumn c) {
    KeyValueCodec k = codec();
    return entries.get(c, k.key(), k.keyLength());
  }

  /** Stores the value the codec holds (see {@link KeyValueCodec#setValue}) as the current key's entry in {@code c}. */
  void putCurrent(StateColumn c) {
    KeyValueCodec k = codec();
    entries.put(c, k.key(), k.keyLength(), k.value(), k.valueLength());
  }

  /** Appends the value the codec holds to the current key's list in {@code c}. */
  /** Appends the codec's value to the current key's list ({@code empty}: the key is known to hold none). */
  void mergeCurrent(StateColumn c, boolean empty) {
    KeyValueCodec k = codec();
    entries.merge(c, k.key(), k.keyLength(), k.value(), k.valueLength(), empty);
  }

  void deleteCurrent(StateColumn c) {
    KeyValueCodec k = codec();
    entries.delete(c, k.key(), k.keyLength());
  }

  /** Point reads and writes of entries, through the states' caches. */
  CachedEntries entries() {
    return entries;
  }

  static StateAccessException failure(StateColumn c, String what, RocksDBException e) {
    return new StateAccessException("RocksDB failed to " + what + " state '" + c.name + "': " + e.getMessage(), e);
  }

  // ---------------------------------------------------------------- keys, snapshots, restore

  @Override
  public void forEachKey(String stateName, Consumer<Object> action) throws RocksDBException {
    checkOpen();
    StateColumn c = columns.get(stateName);
    if (c == null) {
      return;
    }
    entries.flush(c);
    if (instance == null) {
      return;
    }
    boolean entries = c.kind == StateDescriptor.Kind.MAP;
    try (RocksIterator it = db().newIterator(c.handle, reads)) {
      it.seekToFirst();
      while (it.isValid()) {
        byte[] stored = it.key();
        int end = entries ? codec.endOfKey(stored) : stored.length;
        action.accept(codec.decode(stored, 2, end - 2));
        if (entries) {
          it.seek(KeyValueCodec.successor(stored, end));
        } else {
          it.next();
        }
      }
      it.status();
    }
  }

  @Override
  public AsyncSnapshot snapshot(SnapshotTarget target) throws Exception {
    if (columns.isEmpty()) {
      return () -> null;
    }
    Path dir = workDir.resolve("chk-" + target.checkpointId());
    FileTrees.deleteQuietly(dir);
    try {
      entries.flush(columns.all());
      RocksDbInstance db = instance();
      db.flush(flush);
      try (Checkpoint checkpoint = Checkpoint.create(db.db)) {
        checkpoint.createCheckpoint(dir.toString());
      }
    } catch (Exception e) {
      FileTrees.deleteQuietly(dir);
      throw e;
    }
    return uploader.upload(dir, target);
  }

  @Override
  public void checkpointComplete(CheckpointId checkpointId) {
    uploader.checkpointComplete(checkpointId);
  }

  @Override
  public void restore(List<KeyedStateHandle> handles, CheckpointStorage storage) throws Exception {
    checkOpen();
    if (restored) {
      throw new IllegalStateException("the RocksDB state backend of key groups " + range + " was already restored");
    }
    List<RocksDbStateHandle> snapshots = KeyedStateHandle.restorableBy("rocksdb", RocksDbStateHandle.class, handles);
    Path dir = nextDatabaseDir();
    RocksDbRestorer.Restored result = new RocksDbRestorer(range, options, writes, workDir, clock.getAsLong())
        .restore(snapshots, storage, dir);
    Runnable binding;
    try {
      classes.reload(result.instance(), "the restored RocksDB database of key groups " + range);
      currentKey = null; // its bytes may name classes the restored database has not recorded
      binding = columns.bind(result.instance());
    } catch (Exception e) {
      result.instance().close();
      FileTrees.deleteQuietly(dir);
      throw e;
    }
    RocksDbInstance old = instance;
    instance = result.instance();
    binding.run();
    entries.clear(columns.all());
    if (old != null) {
      old.close();
      FileTrees.deleteQuietly(old.dir);
    }
    restored = true;
    if (result.asIs() != null) {
      uploader.restoredFrom(result.asIs(), storage);
    }
  }

  /** Compacts every state fully, blocking (every SST file in the last level), for tests and benchmarks. */
  public void compact() throws RocksDBException {
    entries.flush(columns.all());
    RocksDbInstance db = instance();
    for (StateColumn c : columns.all()) {
      db.db.compactRange(c.handle);
    }
  }

  /** A RocksDB property summed over the states, such as {@code rocksdb.estimate-num-keys}. */
  public long longProperty(String property) throws RocksDBException {
    entries.flush(columns.all());
    RocksDbInstance db = instance();
    long sum = 0;
    for (StateColumn c : columns.all()) {
      sum += db.db.getLongProperty(c.handle, property);
    }
    return sum;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    entries.clear(columns.all());
    closeQuietly(instance);
    instance = null;
    columns.unbind();
    for (AutoCloseable c : new AutoCloseable[] {flush, reads, writes, options}) {
      closeQuietly(c);
    }
    FileTrees.deleteQuietly(workDir);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      log.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
    }
  }

  @Override
  public String toString() {
    return "RocksDB state of key groups " + range + " in " + workDir;
  }
}
