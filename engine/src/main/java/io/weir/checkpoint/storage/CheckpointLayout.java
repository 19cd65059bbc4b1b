package io.weir.checkpoint.storage;

import io.weir.checkpoint.CheckpointId;
import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every name Weir stores checkpoints under, built here and nowhere else. Paths are relative to the
 * root of a {@link CheckpointStorage}, which a {@link StorageUri} names:
 *
 * <pre>
 * &lt;job&gt;/                                   one folder per job, deleted when the job finishes
 *   chk-&lt;n&gt;/                                checkpoint n's own files, deleted when it is subsumed
 *     _metadata                             written last and atomically: without it, n never completed
 *     &lt;vertex&gt;-&lt;subtask&gt;-a&lt;attempt&gt;-&lt;name&gt;   a subtask's state files, e.g. {@value #HEAP_KEYED_STATE}
 *   shared/                                 files that incremental snapshots share between checkpoints
 *     &lt;vertex&gt;-&lt;subtask&gt;-a&lt;attempt&gt;-c&lt;n&gt;-&lt;name&gt;   uploaded for checkpoint n (read back by the orphan sweep)
 * </pre>
 *
 * A savepoint is a storage of its own, the directory {@code <savepoint dir>/savepoint-<job>-<n>}:
 * {@code _metadata} and the subtasks' state files at its root, no shared folder (savepoints are full).
 */
public final class CheckpointLayout {
  /** The metadata file of a checkpoint or savepoint. */
  public static final String METADATA = "_metadata";
  /** The name of a job's shared folder. */
  public static final String SHARED = "shared";
  /** The heap backend's keyed state file of a subtask. */
  public static final String HEAP_KEYED_STATE = "keyed.state";

  private static final String CHECKPOINT_PREFIX = "chk-";
  /** A shared file's name: the uploader's prefix ({@code vertex-subtask-aAttempt}), then {@code -cCheckpoint-}. */
  private static final Pattern SHARED_NAME = Pattern.compile("^\\d+-\\d+-a\\d+-c(\\d+)-");

  private CheckpointLayout() {
  }

  /** {@code <job>}: everything the job's checkpoints store. */
  public static String jobFolder(JobId job) {
    return job.value();
  }

  /** {@code chk-<n>}: the name of checkpoint n's folder within the job folder. */
  public static String checkpointFolderName(CheckpointId checkpointId) {
    return CHECKPOINT_PREFIX + checkpointId;
  }

  /** {@code <job>/chk-<n>}. */
  public static String checkpointFolder(JobId job, CheckpointId checkpointId) {
    return jobFolder(job) + "/" + checkpointFolderName(checkpointId);
  }

  /** {@code <folder>/_metadata}, or {@code _metadata} at the root of a savepoint (folder ""). */
  public static String metadata(String folder) {
    return in(folder, METADATA);
  }

  /** {@code <job>/chk-<n>/_metadata}. */
  public static String checkpointMetadata(JobId job, CheckpointId checkpointId) {
    return metadata(checkpointFolder(job, checkpointId));
  }

  /** {@code <job>/shared}. */
  public static String sharedFolder(JobId job) {
    return jobFolder(job) + "/" + SHARED;
  }

  /** {@code <vertex>-<subtask>-a<attempt>}: how the files a subtask attempt writes start. */
  public static String filePrefix(TaskId task, int attempt) {
    return task.vertex() + "-" + task.subtask() + "-a" + attempt;
  }

  /** {@code <folder>/<prefix>-<name>}: a state file of one checkpoint (or of a savepoint, folder ""). */
  public static String stateFile(String folder, String filePrefix, String name) {
    return in(folder, filePrefix + "-" + name);
  }

  /** {@code <shared folder>/<prefix>-c<n>-<name>}: a file uploaded to the shared folder for checkpoint n. */
  public static String sharedFile(String sharedFolder, String filePrefix, CheckpointId checkpointId, String name) {
    return sharedFolder + "/" + filePrefix + "-c" + checkpointId + "-" + name;
  }

  /** The checkpoint a file of the shared folder was uploaded for, when its name says so. */
  public static Optional<CheckpointId> checkpointOfSharedFile(String name) {
    Matcher m = SHARED_NAME.matcher(name);
    return m.find() ? Optional.of(new CheckpointId(Long.parseLong(m.group(1)))) : Optional.empty();
  }

  /** {@code <dir>/savepoint-<job>-<n>}: the storage of savepoint n of a job, under the folder the user chose. */
  public static StorageUri savepoint(String dir, JobId job, CheckpointId checkpointId) {
    return StorageUri.directory(Path.of(dir).toAbsolutePath().normalize().resolve("savepoint-" + job + "-" + checkpointId));
  }

  /** {@code <folder>/<name>}, or {@code name} at the storage's root (folder ""). */
  public static String in(String folder, String name) {
    return folder.isEmpty() ? name : folder + "/" + name;
  }
}
