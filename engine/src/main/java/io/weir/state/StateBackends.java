package io.weir.state;

import io.weir.config.Settings;
import io.weir.state.heap.HeapKeyedStateBackend;
import io.weir.state.rocksdb.RocksDbKeyedStateBackend;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/** Creates the keyed state backend the settings choose; jobs never name one in code. */
public final class StateBackends {
  private StateBackends() {
  }

  /**
   * @param localDir a directory of this subtask's own, for backends that keep state on disk
   */
  public static KeyedStateBackend create(Settings.State settings, KeyGroupRange range, int maxParallelism, Path localDir) {
    return create(settings, range, maxParallelism, localDir, System::currentTimeMillis);
  }

  /**
   * @param localDir a directory of this subtask's own, for backends that keep state on disk
   * @param clock    the processing time (ms) that states with a time-to-live expire by
   */
  public static KeyedStateBackend create(Settings.State settings, KeyGroupRange range, int maxParallelism, Path localDir,
                                         LongSupplier clock) {
    return switch (settings.backend()) {
      case "heap" -> new HeapKeyedStateBackend(range, maxParallelism, clock);
      case "rocksdb" -> new RocksDbKeyedStateBackend(range, maxParallelism, localDir, settings.rocksdb(),
          settings.incremental(), clock);
      default -> throw new IllegalArgumentException("unknown state backend '" + settings.backend() + "' (heap, rocksdb)");
    };
  }
}
