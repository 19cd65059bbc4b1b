package io.weir.state.heap;

import io.weir.api.state.ListState;
import io.weir.api.state.ListStateDescriptor;
import io.weir.api.state.MapState;
import io.weir.api.state.MapStateDescriptor;
import io.weir.api.state.ReducingState;
import io.weir.api.state.ReducingStateDescriptor;
import io.weir.api.state.StateDescriptor;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.state.AbstractKeyedStateBackend;
import io.weir.state.AsyncSnapshot;
import io.weir.state.GroupedKey;
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
import io.weir.state.ttl.TtlValues;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed state on the JVM heap: per state, one hash map per key group ({@link StateTable}), read and
 * written by the state objects ({@link HeapValueState} and its siblings) for the current key. A
 * snapshot's synchronous part only marks every key group as shared with the snapshot
 * (copy-on-write), so the snapshot's maps never change under the asynchronous writer, which writes
 * them as a {@link HeapSnapshotFile}. Values must be immutable (update with new values), as in Flink.
 * A state with a time-to-live is its plain state of {@code TtlValue}s behind a decorator
 * ({@code io.weir.state.ttl}); after each access it looks at a few slots for expired entries.
 * A restore leaves large values encoded until their key is read ({@link KeyGroupReader}).
 */
public final class HeapKeyedStateBackend extends AbstractKeyedStateBackend {
  private static final Logger log = LoggerFactory.getLogger(HeapKeyedStateBackend.class);
  private final Map<String, StateTable> tables = new LinkedHashMap<>();
  /** Processing time, for states with a time-to-live. */
  private final LongSupplier clock;
  private int currentGroup;
  private int currentHash;
  private Object currentGroupKey;
  private Object previousKey;
  private Object previousGroupKey;
  private int previousGroup;
  private int previousHash;
  // where the current key was last found, so that a read followed by a write probes once
  private StateTable cachedTable;
  private int cachedSlot;

  public HeapKeyedStateBackend(KeyGroupRange range, int maxParallelism) {
    this(range, maxParallelism, System::currentTimeMillis);
  }

  /** @param clock the processing time (ms) that states with a time-to-live expire by */
  public HeapKeyedStateBackend(KeyGroupRange range, int maxParallelism, LongSupplier clock) {
    super(range, maxParallelism);
    this.clock = clock;
  }

  /**
   * Makes {@code key} current. The key before it is remembered: operators switch between two keys
   * and back (a window's key and its key's timers), and switching back to the very same object
   * reuses its hash. A key whose group key ({@link GroupedKey}) is the very object the current or
   * the previous key is grouped by (the windows of one record's key) reuses that key group.
   */
  @Override
  public void setCurrentKey(Object key) {
    cachedTable = null;
    if (key == currentKey && key != null) {
      return;
    }
    Object before = currentKey;
    Object beforeGroupKey = currentGroupKey;
    int beforeGroup = currentGroup;
    int beforeHash = currentHash;
    if (key == previousKey && key != null) {
      currentGroupKey = previousGroupKey;
      currentGroup = previousGroup;
      currentHash = previousHash;
    } else {
      Object groupKey = key instanceof GroupedKey g ? g.groupKey() : key;
      if (groupKey != null && groupKey == currentGroupKey) {
        // the same key group as now
      } else if (groupKey != null && groupKey == previousGroupKey) {
        currentGroup = previousGroup;
      } else {
        currentGroup = KeyGroups.assignWithin(key, maxParallelism, range) - range.start();
      }
      currentGroupKey = groupKey;
      currentHash = StateMap.hash(key);
    }
    currentKey = key;
    previousKey = before;
    previousGroupKey = beforeGroupKey;
    previousGroup = beforeGroup;
    previousHash = beforeHash;
  }

  @Override
  public <T> ValueState<T> valueState(ValueStateDescriptor<T> d) {
    StateTable t = table(d);
    return d.ttlConfig() == null ? new HeapValueState<>(this, t, d.defaultValue())
        : new TtlValueState<>(new HeapValueState<TtlValue<T>>(this, t, null), policy(t, d), d.defaultValue());
  }

  @Override
  public <T> ListState<T> listState(ListStateDescriptor<T> d) {
    StateTable t = table(d);
    return d.ttlConfig() == null ? new HeapListState<>(this, t)
        : new TtlListState<>(new HeapListState<TtlValue<T>>(this, t), policy(t, d));
  }

  @Override
  public <K, V> MapState<K, V> mapState(MapStateDescriptor<K, V> d) {
    StateTable t = table(d);
    return d.ttlConfig() == null ? new HeapMapState<>(this, t)
        : new TtlMapState<>(new HeapMapState<K, TtlValue<V>>(this, t), policy(t, d));
  }

  @Override
  public <T> ReducingState<T> reducingState(ReducingStateDescriptor<T> d) {
    StateTable t = table(d);
    return d.ttlConfig() == null ? new HeapReducingState<>(this, t, d)
        : new TtlReducingState<>(new HeapValueState<TtlValue<T>>(this, t, null), policy(t, d), d);
  }

  private TtlPolicy policy(StateTable t, StateDescriptor d) {
    int slots = d.ttlConfig().cleanupSize();
    return new TtlPolicy(d.ttlConfig(), clock, slots == 0 ? () -> { } : () -> cleanupSome(t, slots));
  }

  /** The incremental cleanup after an access of a state with a time-to-live. */
  private void cleanupSome(StateTable t, int slots) {
    t.cleanupSome(slots, clock.getAsLong());
    cachedTable = null; // entries may have moved or gone
  }

  private StateTable table(StateDescriptor d) {
    long ttl = TtlValues.millis(d);
    StateTable t = tables.get(d.name());
    if (t == null) {
      t = new StateTable(d.name(), d.kind(), range.size(), ttl, true);
      tables.put(d.name(), t);
    } else if (t.kind != d.kind()) {
      throw StateAccessException.otherKind(d.name(), t.kind, d.kind());
    } else if (t.declare(ttl, clock.getAsLong())) {
      cachedTable = null;
    }
    return t;
  }

  // ---------------------------------------------------------------- the current key's entry, for the state objects

  /** The current key's value in {@code t}, or null. */
  Object get(StateTable t) {
    StateMap m = t.groups[currentGroup];
    if (m == null) {
      return null;
    }
    if (cachedTable == t) {
      return m.valueAt(cachedSlot); // found (or put) a moment ago for this key: a copy keeps the slot
    }
    int slot = m.find(currentKey, currentHash);
    if (slot < 0) {
      cachedTable = null;
      return null;
    }
    cachedTable = t;
    cachedSlot = slot;
    Object v = m.valueAt(slot);
    return v instanceof SerializedValue pending ? decodeInPlace(t, pending) : v;
  }

  /**
   * Decodes a value a restore left encoded and puts it in its slot, so that it is decoded once (in
   * the writable copy of the key group: a snapshot may be writing the shared one).
   */
  private Object decodeInPlace(StateTable t, SerializedValue pending) {
    Object v = pending.decode(t.name);
    cachedSlot = t.forWrite(currentGroup).setValueAt(cachedSlot, v);
    return v;
  }

  /** Sets the current key's value in {@code t} (copying the key group first if a snapshot shares it). */
  void put(StateTable t, Object value) {
    StateMap m = t.forWrite(currentGroup);
    if (cachedTable == t) {
      cachedSlot = m.setValueAt(cachedSlot, value); // a copy keeps the layout, so the slot is still the key's
    } else {
      cachedSlot = m.put(currentKey, currentHash, value);
      cachedTable = t;
    }
  }

  /**
   * The current key's list or map, to be changed in place: in the writable copy of its key group,
   * and copied first if a snapshot may share it ({@link StateTable#owned}); or null.
   */
  Object writable(StateTable t) {
    if (cachedTable != t && get(t) == null) {
      return null;
    }
    StateMap m = t.forWrite(currentGroup);
    Object v = m.valueAt(cachedSlot);
    Object owned = t.owned(v);
    if (owned != v) {
      cachedSlot = m.setValueAt(cachedSlot, owned);
    }
    return owned;
  }

  void remove(StateTable t) {
    StateMap m = t.groups[currentGroup];
    int slot = m == null ? -1 : cachedTable == t ? cachedSlot : m.find(currentKey, currentHash);
    if (slot >= 0) {
      t.forWrite(currentGroup).removeAt(slot); // a copy keeps the layout, so the slot is still the key's
    }
    cachedTable = null;
  }

  // ---------------------------------------------------------------- keys, snapshots, restore

  @Override
  public void forEachKey(String stateName, Consumer<Object> action) {
    StateTable t = tables.get(stateName);
    if (t == null) {
      return;
    }
    for (StateMap group : t.groups) {
      if (group != null) {
        for (Object key : group.keys()) {
          action.accept(key);
        }
      }
    }
  }

  /** The number of keys with state, over all states (for tests and figures). */
  public long keyCount() {
    long n = 0;
    for (StateTable t : tables.values()) {
      for (StateMap g : t.groups) {
        n += g == null ? 0 : g.size();
      }
    }
    return n;
  }

  /** The number of restored values still encoded (not read since the restore), over all states (for tests). */
  long encodedValueCount() {
    long[] n = {0};
    for (StateTable t : tables.values()) {
      for (StateMap g : t.groups) {
        if (g != null) {
          g.forEach((k, v) -> n[0] += v instanceof SerializedValue ? 1 : 0);
        }
      }
    }
    return n[0];
  }

  @Override
  public AsyncSnapshot snapshot(SnapshotTarget target) {
    if (tables.isEmpty()) {
      return () -> null;
    }
    List<HeapSnapshotFile.Section> captured = new ArrayList<>(tables.size());
    for (StateTable t : tables.values()) {
      captured.add(new HeapSnapshotFile.Section(t.name, t.kind, t.ttl, t.shareWithSnapshot()));
    }
    long now = clock.getAsLong();
    return () -> HeapSnapshotFile.write(target, range, captured, now);
  }

  @Override
  public void restore(List<KeyedStateHandle> handles, CheckpointStorage storage) throws Exception {
    for (HeapKeyedStateHandle h : KeyedStateHandle.restorableBy("heap", HeapKeyedStateHandle.class, handles)) {
      if (h.keyGroupRange().intersects(range)) {
        long start = System.nanoTime();
        long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        HeapSnapshotFile.Restored r = HeapSnapshotFile.read(h, storage, range, this::tableForRestore, clock.getAsLong());
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart;
        log.info("restored key groups {} of heap state from {} ({} bytes) in {} ms (cpu {} ms): {} key groups, {} entries, {} values"
            + " left encoded until read", range, h.file().path(), h.file().size(), (System.nanoTime() - start) / 1_000_000,
            cpu / 1_000_000, r.keyGroups(), r.entries(), r.encoded());
      }
    }
  }

  /**
   * The table of a state a snapshot holds (with time-to-live {@code ttl}), created when no state of
   * that name was declared yet; the entries are converted to the table's time-to-live as they are read.
   */
  private StateTable tableForRestore(String name, StateDescriptor.Kind kind, long ttl) {
    cachedTable = null;
    return tables.computeIfAbsent(name, n -> new StateTable(n, kind, range.size(), ttl, false));
  }

  @Override
  public void close() {
    tables.clear();
  }
}
