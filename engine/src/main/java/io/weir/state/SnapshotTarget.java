package io.weir.state;

import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.storage.CheckpointLayout;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;

/**
 * Where a subtask writes its part of a checkpoint: {@code folder} holds this checkpoint's own
 * files, {@code sharedFolder} the files incremental snapshots share; file names start with
 * {@code filePrefix}. A savepoint asks for a full, self-contained snapshot. The names are
 * {@link CheckpointLayout}'s.
 */
public record SnapshotTarget(CheckpointStorage storage, String folder, String sharedFolder, String filePrefix,
                             CheckpointId checkpointId, boolean savepoint) {

  /**
   * Where attempt {@code attempt} of subtask {@code task} of {@code job} writes checkpoint
   * {@code checkpointId}: its checkpoint's folder, or the root of the savepoint's own storage.
   */
  public static SnapshotTarget of(CheckpointStorage storage, JobId job, TaskId task, int attempt, CheckpointId checkpointId,
                                  boolean savepoint) {
    return new SnapshotTarget(storage, savepoint ? "" : CheckpointLayout.checkpointFolder(job, checkpointId),
        CheckpointLayout.sharedFolder(job), CheckpointLayout.filePrefix(task, attempt), checkpointId, savepoint);
  }

  /** The path of one of this snapshot's own files. */
  public String file(String name) {
    return CheckpointLayout.stateFile(folder, filePrefix, name);
  }

  /** The path of a file this snapshot adds to the shared folder; its name carries this checkpoint's id. */
  public String sharedFile(String localName) {
    return CheckpointLayout.sharedFile(sharedFolder, filePrefix, checkpointId, localName);
  }
}
