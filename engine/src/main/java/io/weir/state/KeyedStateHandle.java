package io.weir.state;

import io.weir.checkpoint.storage.StateFile;
import java.util.ArrayList;
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

  /**
   * The handles as the type {@code backend} restores. A handle of another type means the checkpoint
   * was taken with another backend: an {@link IllegalStateException}, not a corrupt checkpoint, so
   * the job does not fall back to older checkpoints that would not restore either.
   */
  static <H extends KeyedStateHandle> List<H> restorableBy(String backend, Class<H> type, List<KeyedStateHandle> handles) {
    List<H> restorable = new ArrayList<>(handles.size());
    for (KeyedStateHandle h : handles) {
      if (!type.isInstance(h)) {
        throw new IllegalStateException("the " + backend + " state backend cannot restore a " + h.getClass().getSimpleName()
            + ": the checkpoint was taken with another state backend (set state.backend to the one it was taken with;"
            + " state cannot move between backends)");
      }
      restorable.add(type.cast(h));
    }
    return restorable;
  }
}
