package io.weir.state;

import io.weir.config.Settings;
import io.weir.state.heap.HeapKeyedStateBackend;
import io.weir.state.rocksdb.RocksDbKeyedStateBackend;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/** The keyed state backends the contract suite runs against, created as {@link StateBackends} would. */
public enum StateBackendKind {
  HEAP, ROCKSDB_FULL, ROCKSDB_INCREMENTAL;

  /** Small RocksDB settings for tests: small memtables, so a few thousand keys make several SST files. */
  public static Settings.RocksDb testRocksDb() {
    return new Settings.RocksDb(8 << 20, 256 << 10, 2, "lz4", 2);
  }

  public Settings.State settings() {
    return switch (this) {
      case HEAP -> new Settings.State("heap", false, "unused", testRocksDb());
      case ROCKSDB_FULL -> new Settings.State("rocksdb", false, "unused", testRocksDb());
      case ROCKSDB_INCREMENTAL -> new Settings.State("rocksdb", true, "unused", testRocksDb());
    };
  }

  public KeyedStateBackend create(KeyGroupRange range, int maxParallelism, Path localDir) {
    return create(range, maxParallelism, localDir, System::currentTimeMillis);
  }

  /** A backend whose states with a time-to-live expire by {@code clock}. */
  public KeyedStateBackend create(KeyGroupRange range, int maxParallelism, Path localDir, LongSupplier clock) {
    KeyedStateBackend backend = StateBackends.create(settings(), range, maxParallelism, localDir, clock);
    Class<?> expected = this == HEAP ? HeapKeyedStateBackend.class : RocksDbKeyedStateBackend.class;
    if (!expected.isInstance(backend)) {
      throw new AssertionError("state.backend " + settings().backend() + " created a " + backend.getClass());
    }
    return backend;
  }

  /** Takes a snapshot of {@code backend} as a task does: the synchronous part, then the asynchronous write. */
  public static KeyedStateHandle snapshot(KeyedStateBackend backend, SnapshotTarget target) throws Exception {
    return backend.snapshot(target).write();
  }

  /** Where subtask {@code subtask} of job {@code job} writes checkpoint {@code id}, as the task checkpointer names it. */
  public static SnapshotTarget target(io.weir.checkpoint.storage.CheckpointStorage storage, String job, long id,
                                      int subtask) {
    return SnapshotTarget.of(storage, new io.weir.runtime.JobId(job), new io.weir.runtime.TaskId(1, subtask), 0, new io.weir.checkpoint.CheckpointId(id), false);
  }
}
