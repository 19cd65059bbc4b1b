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
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyGroups;
import io.weir.state.KeyedStateHandle;
import io.weir.state.SnapshotTarget;
import io.weir.state.StateAccessException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keyed state on the JVM heap: per state, one hash map per key group ({@link StateTable}), read and
 * written by the state objects ({@link HeapValueState} and its siblings) for the current key. A
 * snapshot's synchronous part only marks every key group as shared with the snapshot
 * (copy-on-write), so the snapshot's maps never change under the asynchronous writer, which writes
 * them as a {@link HeapSnapshotFile}. Values must be immutable (update with new values), as in Flink.
 */
public final class HeapKeyedStateBackend extends AbstractKeyedStateBackend {
  private final Map<String, StateTable> tables = new LinkedHashMap<>();
  private int currentGroup;
  private int currentHash;
  // where the current key was last found, so that a read followed by a write probes once
  private StateTable cachedTable;
  private int cachedSlot;

  public HeapKeyedStateBackend(KeyGroupRange range, int maxParallelism) {
    super(range, maxParallelism);
  }

  @Override
  public void setCurrentKey(Object key) {
    int kg = KeyGroups.assignWithin(key, maxParallelism, range);
    currentKey = key;
    currentGroup = kg - range.start();
    currentHash = StateMap.hash(key);
    cachedTable = null;
  }

  @Override
  public <T> ValueState<T> valueState(ValueStateDescriptor<T> descriptor) {
    return new HeapValueState<>(this, table(descriptor), descriptor.defaultValue());
  }

  @Override
  public <T> ListState<T> listState(ListStateDescriptor<T> descriptor) {
    return new HeapListState<>(this, table(descriptor));
  }

  @Override
  public <K, V> MapState<K, V> mapState(MapStateDescriptor<K, V> descriptor) {
    return new HeapMapState<>(this, table(descriptor));
  }

  @Override
  public <T> ReducingState<T> reducingState(ReducingStateDescriptor<T> descriptor) {
    return new HeapReducingState<>(this, table(descriptor), descriptor);
  }

  private StateTable table(StateDescriptor d) {
    StateTable t = tables.get(d.name());
    if (t == null) {
      t = new StateTable(d.name(), d.kind(), range.size());
      tables.put(d.name(), t);
    } else if (t.kind != d.kind()) {
      throw StateAccessException.otherKind(d.name(), t.kind, d.kind());
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
    int slot = m.find(currentKey, currentHash);
    if (slot < 0) {
      cachedTable = null;
      return null;
    }
    cachedTable = t;
    cachedSlot = slot;
    return m.valueAt(slot);
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

  /** The current key's value in the writable copy of its key group (a mutable list or map), or null. */
  Object writable(StateTable t) {
    if (get(t) == null) {
      return null;
    }
    return t.forWrite(currentGroup).valueAt(cachedSlot);
  }

  void remove(StateTable t) {
    StateMap m = t.groups[currentGroup];
    if (m != null && m.find(currentKey, currentHash) >= 0) {
      t.forWrite(currentGroup).remove(currentKey, currentHash);
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

  @Override
  public AsyncSnapshot snapshot(SnapshotTarget target) {
    if (tables.isEmpty()) {
      return () -> null;
    }
    List<HeapSnapshotFile.Section> captured = new ArrayList<>(tables.size());
    for (StateTable t : tables.values()) {
      captured.add(new HeapSnapshotFile.Section(t.name, t.kind, t.shareWithSnapshot()));
    }
    return () -> HeapSnapshotFile.write(target, range, captured);
  }

  @Override
  public void restore(List<KeyedStateHandle> handles, CheckpointStorage storage) throws Exception {
    for (HeapKeyedStateHandle h : KeyedStateHandle.restorableBy("heap", HeapKeyedStateHandle.class, handles)) {
      if (h.keyGroupRange().intersects(range)) {
        HeapSnapshotFile.read(h, storage, range, this::tableForRestore);
      }
    }
  }

  /** The table of a state a snapshot holds, created when no state of that name was declared yet. */
  private StateTable tableForRestore(String name, StateDescriptor.Kind kind) {
    return tables.computeIfAbsent(name, n -> new StateTable(n, kind, range.size()));
  }

  @Override
  public void close() {
    tables.clear();
  }
}
