package io.weir.state;

import io.weir.config.Settings;
import io.weir.state.heap.HeapKeyedStateBackend;
import java.nio.file.Path;

/** Creates the keyed state backend the settings choose; jobs never name one in code. */
public final class StateBackends {
  private StateBackends() {
  }

  /**
   * @param localDir a directory of this subtask's own, for backends that keep state on disk
   */
  public static KeyedStateBackend create(Settings.State settings, KeyGroupRange range, int maxParallelism, Path localDir) {
    return switch (settings.backend()) {
      case "heap" -> new HeapKeyedStateBackend(range, maxParallelism);
      default -> throw new IllegalArgumentException("unknown state backend '" + settings.backend() + "' (heap, rocksdb)");
    };
  }
}
