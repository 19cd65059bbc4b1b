package io.weir.state.heap;

import io.weir.checkpoint.storage.StateFile;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyedStateHandle;
import java.util.List;

/** A heap backend snapshot: one file with a section per key group. */
public record HeapKeyedStateHandle(KeyGroupRange keyGroupRange, StateFile file) implements KeyedStateHandle {
  @Override
  public List<StateFile> files() {
    return List.of(file);
  }
}
