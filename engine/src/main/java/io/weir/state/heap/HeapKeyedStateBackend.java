package io.weir.state.heap;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
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
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.serde.Serde;
import io.weir.serde.ValueReader;
import io.weir.serde.ValueWriter;
import io.weir.state.AsyncSnapshot;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyGroups;
import io.weir.state.KeyedStateBackend;
import io.weir.state.KeyedStateHandle;
import io.weir.state.SnapshotTarget;
import io.weir.state.StateAccessException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keyed state on the JVM heap: per state, one hash map per key group. A snapshot's synchronous
 * part only marks every key group as shared with the snapshot (copy-on-write): the first write to
 * a shared key group afterwards copies that group's map, so the snapshot's maps never change
 * under the asynchronous writer. Values must be immutable (update with new values), as in Flink.
 */
public final class HeapKeyedStateBackend implements KeyedStateBackend {
  static final int MAGIC = 0x57454952;
  static final int VERSION = 2;
  // how a key group's entries of one state are written: as raw numbers (long keys and values), or tagged values
  private static final byte LONG_ENTRIES = 1;
  private static final byte VALUE_ENTRIES = 0;

  private final int maxParallelism;
  private final KeyGroupRange range;
  private final Map<String, StateTable> tables = new LinkedHashMap<>();
  private Object currentKey;
  private int currentGroup;
  private int currentHash;
  // where the current key was last found, so that a read followed by a write probes once
  private StateTable cachedTable;
  private int cachedSlot;

  public HeapKeyedStateBackend(KeyGroupRange range, int maxParallelism) {
    this.range = range;
    this.maxParallelism = maxParallelism;
  }

  @Override
  public KeyGroupRange keyGroupRange() {
    return range;
  }

  @Override
  public int maxParallelism() {
    return maxParallelism;
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
  public Object currentKey() {
    return currentKey;
  }

  private StateTable table(StateDescriptor d) {
    StateTable t = tables.get(d.name());
    if (t == null) {
      t = new StateTable(d.name(), d.kind(), range.size());
      tables.put(d.name(), t);
    } else if (t.kind != d.kind()) {
      throw new StateAccessException("state '" + d.name() + "' is a " + t.kind + " state, not a " + d.kind());
    }
    return t;
  }

  /** The current key's value in {@code t}, or null. */
  private Object get(StateTable t) {
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
  private void put(StateTable t, Object value) {
    StateMap m = t.forWrite(currentGroup);
    if (cachedTable == t) {
      cachedSlot = m.setValueAt(cachedSlot, value); // a copy keeps the layout, so the slot is still the key's
    } else {
      cachedSlot = m.put(currentKey, currentHash, value);
      cachedTable = t;
    }
  }

  /** The current key's value in the writable copy of its key group (a mutable list or map), or null. */
  private Object writable(StateTable t) {
    if (get(t) == null) {
      return null;
    }
    return t.forWrite(currentGroup).valueAt(cachedSlot);
  }

  private void remove(StateTable t) {
    StateMap m = t.groups[currentGroup];
    if (m != null && m.find(currentKey, currentHash) >= 0) {
      t.forWrite(currentGroup).remove(currentKey, currentHash);
    }
    cachedTable = null;
  }

  @Override
  public <T> ValueState<T> valueState(ValueStateDescriptor<T> d) {
    StateTable t = table(d);
    return new ValueState<>() {
      @SuppressWarnings("unchecked")
      @Override
      public T value() {
        Object v = get(t);
        return v == null ? d.defaultValue() : (T) v;
      }

      @Override
      public void update(T value) {
        if (value == null) {
          clear();
        } else {
          put(t, value);
        }
      }

      @Override
      public void clear() {
        remove(t);
      }
    };
  }

  @Override
  public <T> ListState<T> listState(ListStateDescriptor<T> d) {
    StateTable t = table(d);
    return new ListState<>() {
      @SuppressWarnings("unchecked")
      @Override
      public List<T> get() {
        Object v = HeapKeyedStateBackend.this.get(t);
        return v == null ? List.of() : java.util.Collections.unmodifiableList((List<T>) v);
      }

      @SuppressWarnings("unchecked")
      @Override
      public void add(T value) {
        List<Object> list = (List<Object>) writable(t);
        if (list == null) {
          list = new ArrayList<>();
          put(t, list);
        }
        list.add(value);
      }

      @Override
      public void update(List<T> values) {
        if (values == null || values.isEmpty()) {
          clear();
        } else {
          put(t, new ArrayList<>(values));
        }
      }

      @Override
      public void clear() {
        remove(t);
      }
    };
  }

  @Override
  public <K, V> MapState<K, V> mapState(MapStateDescriptor<K, V> d) {
    StateTable t = table(d);
    return new MapState<>() {
      @SuppressWarnings("unchecked")
      private Map<K, V> read() {
        return (Map<K, V>) HeapKeyedStateBackend.this.get(t);
      }

      @SuppressWarnings("unchecked")
      private Map<K, V> write() {
        Map<K, V> m = (Map<K, V>) writable(t);
        if (m == null) {
          m = new HashMap<>();
          HeapKeyedStateBackend.this.put(t, m);
        }
        return m;
      }

      @Override
      public V get(K key) {
        Map<K, V> m = read();
        return m == null ? null : m.get(key);
      }

      @Override
      public void put(K key, V value) {
        write().put(key, value);
      }

      @Override
      public void remove(K key) {
        Map<K, V> m = read();
        if (m != null && m.containsKey(key)) {
          Map<K, V> w = write();
          w.remove(key);
          if (w.isEmpty()) {
            HeapKeyedStateBackend.this.remove(t);
          }
        }
      }

      @Override
      public boolean contains(K key) {
        Map<K, V> m = read();
        return m != null && m.containsKey(key);
      }

      @Override
      public Map<K, V> entries() {
        Map<K, V> m = read();
        return m == null ? Map.of() : new HashMap<>(m);
      }

      @Override
      public boolean isEmpty() {
        Map<K, V> m = read();
        return m == null || m.isEmpty();
      }

      @Override
      public void clear() {
        HeapKeyedStateBackend.this.remove(t);
      }
    };
  }

  @Override
  public <T> ReducingState<T> reducingState(ReducingStateDescriptor<T> d) {
    StateTable t = table(d);
    return new ReducingState<>() {
      @SuppressWarnings("unchecked")
      @Override
      public T get() {
        return (T) HeapKeyedStateBackend.this.get(t);
      }

      @Override
      public void add(T value) {
        T current = get();
        T next;
        try {
          next = current == null ? value : d.reducer().reduce(current, value);
        } catch (Exception e) {
          throw new StateAccessException("the reduce function of state '" + d.name() + "' failed: " + e, e);
        }
        put(t, next);
      }

      @Override
      public void clear() {
        remove(t);
      }
    };
  }

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
    List<StateTable> captured = new ArrayList<>(tables.values());
    List<StateMap[]> groups = new ArrayList<>();
    for (StateTable t : captured) {
      groups.add(t.groups.clone());
      java.util.Arrays.fill(t.shared, true);
    }
    if (captured.isEmpty()) {
      return () -> null;
    }
    return () -> {
      var file = target.storage().write(target.file("keyed.state"), out -> write(new DataOutputStream(out), captured, groups));
      return new HeapKeyedStateHandle(range, file);
    };
  }

  private void write(DataOutputStream out, List<StateTable> captured, List<StateMap[]> groups)
      throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(range.start());
    out.writeInt(range.end());
    out.writeInt(captured.size());
    for (StateTable t : captured) {
      out.writeUTF(t.name);
      out.writeByte(t.kind.ordinal());
    }
    Output payload = new Output(1 << 16, -1);
    for (int g = 0; g < range.size(); g++) {
      payload.reset();
      ValueWriter w = Serde.writer(payload);
      boolean any = false;
      for (StateMap[] tableGroups : groups) {
        StateMap m = tableGroups[g];
        int n = m == null ? 0 : m.size();
        payload.writeVarInt(n, true);
        if (n > 0) {
          any = true;
          if (m.longLayout()) {
            payload.writeByte(LONG_ENTRIES);
            m.forEachLong((key, value) -> {
              payload.writeVarLong(key, false);
              payload.writeVarLong(value, false);
            });
          } else {
            payload.writeByte(VALUE_ENTRIES);
            m.forEach((key, value) -> {
              w.write(key);
              w.write(value);
            });
          }
        }
      }
      if (any) {
        out.writeInt(range.start() + g);
        out.writeInt(payload.position());
        out.write(payload.getBuffer(), 0, payload.position());
      }
    }
    out.writeInt(-1);
    out.flush();
  }

  @Override
  public void restore(List<KeyedStateHandle> handles, CheckpointStorage storage) throws Exception {
    for (KeyedStateHandle h : handles) {
      if (!(h instanceof HeapKeyedStateHandle heap)) {
        // not corrupt, so no fallback to an older checkpoint: the job's settings do not match its state
        throw new IllegalStateException("the heap backend cannot restore a " + h.getClass().getSimpleName()
            + " (the checkpoint was taken with another state backend; run the job with that backend)");
      }
      if (!heap.keyGroupRange().intersects(range)) {
        continue;
      }
      try (InputStream raw = storage.open(heap.file())) {
        read(new DataInputStream(new BufferedInputStream(raw, 1 << 16)), heap);
      } catch (CorruptCheckpointException e) {
        throw checksumFailureOr(e);
      }
    }
  }

  /** Bytes that do not decode are better explained by the checksum failure that closing the stream found, if any. */
  private static CorruptCheckpointException checksumFailureOr(CorruptCheckpointException undecodable) {
    for (Throwable onClose : undecodable.getSuppressed()) {
      if (onClose instanceof CorruptCheckpointException checksum) {
        return checksum;
      }
    }
    return undecodable;
  }

  private void read(DataInputStream in, HeapKeyedStateHandle handle) throws IOException {
    String where = "state file " + handle.file().path();
    try {
      if (in.readInt() != MAGIC) {
        throw new CorruptCheckpointException(where + " is not a Weir heap state file");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new CorruptCheckpointException(where + " has format version " + version + ", this Weir reads " + VERSION);
      }
      in.readInt();
      in.readInt();
      int count = in.readInt();
      List<StateTable> fileTables = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        StateDescriptor.Kind kind = StateDescriptor.Kind.values()[in.readByte()];
        StateTable t = tables.computeIfAbsent(name, n -> new StateTable(n, kind, range.size()));
        if (t.kind != kind) {
          throw new CorruptCheckpointException(where + ": state '" + name + "' is " + kind + " there but " + t.kind + " here");
        }
        fileTables.add(t);
      }
      byte[] buffer = new byte[1 << 16];
      while (true) {
        int kg = in.readInt();
        if (kg < 0) {
          break;
        }
        int length = in.readInt();
        if (!range.contains(kg)) {
          in.skipNBytes(length);
          continue;
        }
        if (buffer.length < length) {
          buffer = new byte[length];
        }
        in.readFully(buffer, 0, length);
        ValueReader r = Serde.reader(new Input(buffer, 0, length));
        for (StateTable t : fileTables) {
          int n = r.input().readVarInt(true);
          if (n > 0) {
            StateMap m = t.forWrite(kg - range.start());
            byte layout = r.input().readByte();
            for (int i = 0; i < n; i++) {
              if (layout == LONG_ENTRIES) {
                Long key = r.input().readVarLong(false);
                m.put(key, StateMap.hash(key), r.input().readVarLong(false));
              } else {
                Object key = r.read();
                m.put(key, StateMap.hash(key), r.read());
              }
            }
          }
        }
      }
    } catch (EOFException e) {
      throw new CorruptCheckpointException(where + " ends early (partial file)");
    } catch (RuntimeException e) {
      throw new CorruptCheckpointException(where + " cannot be decoded: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    tables.clear();
  }

  /** One state's maps, one per key group, with copy-on-write marks. */
  private static final class StateTable {
    final String name;
    final StateDescriptor.Kind kind;
    final StateMap[] groups;
    final boolean[] shared;

    StateTable(String name, StateDescriptor.Kind kind, int groupCount) {
      this.name = name;
      this.kind = kind;
      this.groups = new StateMap[groupCount];
      this.shared = new boolean[groupCount];
    }

    /** The key group's map, ready to be changed: created, or copied if a snapshot still reads it. */
    StateMap forWrite(int g) {
      StateMap m = groups[g];
      if (m == null) {
        m = new StateMap();
        groups[g] = m;
        shared[g] = false;
      } else if (shared[g]) {
        m = copy(m);
        groups[g] = m;
        shared[g] = false;
      }
      return m;
    }

    @SuppressWarnings("unchecked")
    private StateMap copy(StateMap m) {
      StateMap c = m.copy();
      if (kind == StateDescriptor.Kind.LIST) {
        c.replaceValues(v -> new ArrayList<>((List<Object>) v));
      } else if (kind == StateDescriptor.Kind.MAP) {
        c.replaceValues(v -> new HashMap<>((Map<Object, Object>) v));
      }
      return c;
    }
  }
}
