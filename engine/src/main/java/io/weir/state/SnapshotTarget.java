package io.weir.state;

import io.weir.checkpoint.storage.CheckpointStorage;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a subtask writes its part of a checkpoint: {@code folder} holds this checkpoint's own
 * files, {@code sharedFolder} the files incremental snapshots share; file names start with
 * {@code filePrefix}. A savepoint asks for a full, self-contained snapshot.
 */
public record SnapshotTarget(CheckpointStorage storage, String folder, String sharedFolder, String filePrefix,
                             long checkpointId, boolean savepoint) {
  /** A shared file's name: the uploader's prefix ({@code vertex-subtask-aAttempt}), then {@code -cCheckpoint-}. */
  private static final Pattern SHARED_NAME = Pattern.compile("^\\d+-\\d+-a\\d+-c(\\d+)-");

  public String file(String suffix) {
    return (folder.isEmpty() ? "" : folder + "/") + filePrefix + "-" + suffix;
  }

  /** The path of a file this snapshot adds to the shared folder; its name carries this checkpoint's id. */
  public String sharedFile(String localName) {
    return sharedFolder + "/" + filePrefix + "-c" + checkpointId + "-" + localName;
  }

  /** The checkpoint a file of the shared folder was uploaded for, when its name says so. */
  public static OptionalLong checkpointOfSharedFile(String name) {
    Matcher m = SHARED_NAME.matcher(name);
    return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }
}
