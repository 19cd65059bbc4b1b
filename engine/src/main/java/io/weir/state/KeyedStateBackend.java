package io.weir.state;

import io.weir.api.state.ListState;
import io.weir.api.state.ListStateDescriptor;
import io.weir.api.state.MapState;
import io.weir.api.state.MapStateDescriptor;
import io.weir.api.state.ReducingState;
import io.weir.api.state.ReducingStateDescriptor;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.storage.CheckpointStorage;
import java.util.List;
import java.util.function.Consumer;

/**
 * One subtask's keyed state, organised by key group. A state object returned here reads and
 * writes the value of the current key. Snapshots have a short synchronous part, run on the task's
 * thread between records, and an asynchronous part that writes to checkpoint storage.
 * Implementations: {@code heap} and {@code rocksdb}; they are interchangeable by configuration.
 */
public interface KeyedStateBackend extends AutoCloseable {

  KeyGroupRange keyGroupRange();

  int maxParallelism();

  /** Makes {@code key} current; it must belong to this subtask's key groups. */
  void setCurrentKey(Object key);

  /**
   * Whether reading a key that holds nothing costs more than a lookup in memory (RocksDB's: the
   * memtables' and every file's filter are asked). An operator whose own bookkeeping tells it that a
   * key is empty, as a window's timers do, then writes without reading.
   */
  default boolean absentKeysCostReads() {
    return false;
  }

  Object currentKey();

  <T> ValueState<T> valueState(ValueStateDescriptor<T> descriptor);

  <T> ListState<T> listState(ListStateDescriptor<T> descriptor);

  <K, V> MapState<K, V> mapState(MapStateDescriptor<K, V> descriptor);

  <T> ReducingState<T> reducingState(ReducingStateDescriptor<T> descriptor);

  /** Calls {@code action} with every key that has state under {@code stateName}. */
  void forEachKey(String stateName, Consumer<Object> action) throws Exception;

  /** The synchronous part of a snapshot. */
  AsyncSnapshot snapshot(SnapshotTarget target) throws Exception;

  /** Loads the key groups this subtask owns from the given handles; called once, before any record. */
  void restore(List<KeyedStateHandle> handles, CheckpointStorage storage) throws Exception;

  default void checkpointComplete(CheckpointId checkpointId) {
  }

  /** Frees everything: memory, native handles, local files. */
  @Override
  void close();
}
