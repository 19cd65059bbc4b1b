package io.weir.state;

import io.weir.checkpoint.storage.StateFile;
import java.util.List;

/** What a checkpoint keeps of one subtask's keyed state: the files and the key groups they hold. */
public interface KeyedStateHandle {
  KeyGroupRange keyGroupRange();

  /** Every file the state needs to be restored. */
  List<StateFile> files();

  /** The files that are shared with other checkpoints (incremental snapshots); the rest belong to this checkpoint alone. */
  default List<StateFile> sharedFiles() {
    return List.of();
  }

  /** The full size of the state. */
  default long stateSize() {
    return files().stream().mapToLong(StateFile::size).sum();
  }

  /** The bytes this checkpoint uploaded (less than the full size for an incremental snapshot). */
  default long uploadedSize() {
    return stateSize();
  }
}
