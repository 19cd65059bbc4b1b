package io.weir.state;

import io.weir.checkpoint.storage.CheckpointStorage;

/**
 * Where a subtask writes its part of a checkpoint: {@code folder} holds this checkpoint's own
 * files, {@code sharedFolder} the files incremental snapshots share; file names start with
 * {@code filePrefix}. A savepoint asks for a full, self-contained snapshot.
 */
public record SnapshotTarget(CheckpointStorage storage, String folder, String sharedFolder, String filePrefix,
                             long checkpointId, boolean savepoint) {

  public String file(String suffix) {
    return (folder.isEmpty() ? "" : folder + "/") + filePrefix + "-" + suffix;
  }
}
