package io.weir.checkpoint.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.checkpoint.CheckpointId;
import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stored names, as the layout's javadoc writes them down. */
class CheckpointLayoutTest {
  private final JobId job = new JobId("word-count-00c0de");

  @TempDir
  Path tmp;

  @Test
  void aCheckpointLivesInChkNUnderItsJobFolderWithItsMetadataInside() {
    assertThat(CheckpointLayout.jobFolder(job)).isEqualTo("word-count-00c0de");
    assertThat(CheckpointLayout.checkpointFolder(job, new CheckpointId(7))).isEqualTo("word-count-00c0de/chk-7");
    assertThat(CheckpointLayout.checkpointFolderName(new CheckpointId(7))).isEqualTo("chk-7");
    assertThat(CheckpointLayout.checkpointMetadata(job, new CheckpointId(7))).isEqualTo("word-count-00c0de/chk-7/_metadata");
    assertThat(CheckpointLayout.metadata("")).as("a savepoint's, at its root").isEqualTo("_metadata");
  }

  @Test
  void aSubtasksStateFilesStartWithVertexSubtaskAndAttempt() {
    String prefix = CheckpointLayout.filePrefix(new TaskId(3, 1), 2);

    assertThat(prefix).isEqualTo("3-1-a2");
    assertThat(CheckpointLayout.stateFile(CheckpointLayout.checkpointFolder(job, new CheckpointId(7)), prefix,
        CheckpointLayout.HEAP_KEYED_STATE)).isEqualTo("word-count-00c0de/chk-7/3-1-a2-keyed.state");
    assertThat(CheckpointLayout.stateFile("", prefix, "000009.sst")).isEqualTo("3-1-a2-000009.sst");
  }

  @Test
  void aSharedFileNamesTheCheckpointItWasUploadedForAndTheNameReadsBack() {
    String path = CheckpointLayout.sharedFile(CheckpointLayout.sharedFolder(job), "3-1-a2", new CheckpointId(42), "000017.sst");

    assertThat(path).isEqualTo("word-count-00c0de/shared/3-1-a2-c42-000017.sst");
    assertThat(CheckpointLayout.checkpointOfSharedFile(path.substring(path.lastIndexOf('/') + 1))).hasValue(new CheckpointId(42));
    assertThat(CheckpointLayout.checkpointOfSharedFile("not-an-upload")).isEmpty();
    assertThat(CheckpointLayout.checkpointOfSharedFile("3-1-a2-keyed.state")).isEmpty();
  }

  @Test
  void aSavepointIsADirectoryOfItsOwnNamedForTheJobAndTheCheckpoint() {
    StorageUri savepoint = CheckpointLayout.savepoint(tmp.resolve("x/../savepoints").toString(), job, new CheckpointId(5));

    assertThat(savepoint.kind()).isEqualTo(StorageUri.Kind.DIRECTORY);
    assertThat(savepoint.directory()).isEqualTo(tmp.resolve("savepoints/savepoint-word-count-00c0de-5").toAbsolutePath());
  }
}
