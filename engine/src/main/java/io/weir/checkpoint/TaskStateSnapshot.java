package io.weir.checkpoint;

import io.weir.checkpoint.storage.StateFile;
import io.weir.state.KeyedStateHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One subtask's part of a checkpoint: its keyed state handle (null when it keeps none) and, per
 * operator name, the operator state it keeps inline (source positions, pre-committed transactions).
 */
public record TaskStateSnapshot(KeyedStateHandle keyed, Map<String, byte[]> operatorState) {

  public long stateSize() {
    long inline = operatorState.values().stream().mapToLong(b -> b.length).sum();
    return inline + (keyed == null ? 0 : keyed.stateSize());
  }

  public long uploadedSize() {
    long inline = operatorState.values().stream().mapToLong(b -> b.length).sum();
    return inline + (keyed == null ? 0 : keyed.uploadedSize());
  }

  /** The files of the shared folder that the keyed state handles of {@code snapshots} name. */
  public static List<StateFile> sharedFilesOf(Collection<? extends TaskStateSnapshot> snapshots) {
    List<StateFile> files = new ArrayList<>();
    for (TaskStateSnapshot s : snapshots) {
      if (s.keyed() != null) {
        files.addAll(s.keyed().sharedFiles());
      }
    }
    return files;
  }
}
