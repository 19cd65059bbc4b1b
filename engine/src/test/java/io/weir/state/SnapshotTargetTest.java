package io.weir.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.storage.CheckpointLayout;
import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotTargetTest {
  private final JobId job = new JobId("job");

  @Test
  void aSharedFileNameCarriesTheCheckpointItWasUploadedFor() {
    SnapshotTarget target = SnapshotTarget.of(null, job, new TaskId(3, 1), 2, new CheckpointId(42), false);
    String path = target.sharedFile("000017.sst");

    String sharedFolder = CheckpointLayout.sharedFolder(job) + "/";
    assertThat(path).startsWith("job/shared/");
    assertThat(CheckpointLayout.checkpointOfSharedFile(path.substring(sharedFolder.length()))).hasValue(new CheckpointId(42));
    assertThat(CheckpointLayout.checkpointOfSharedFile("keyed.state")).isEqualTo(Optional.empty());
    assertThat(CheckpointLayout.checkpointOfSharedFile("3-1-a2-keyed.state")).isEmpty();
  }

  @Test
  void aCheckpointWritesIntoItsFolderAndASavepointAtTheRootOfItsOwnStorage() {
    SnapshotTarget checkpoint = SnapshotTarget.of(null, job, new TaskId(3, 1), 2, new CheckpointId(42), false);
    SnapshotTarget savepoint = SnapshotTarget.of(null, job, new TaskId(3, 1), 2, new CheckpointId(43), true);

    assertThat(checkpoint.file("keyed.state")).isEqualTo("job/chk-42/3-1-a2-keyed.state");
    assertThat(savepoint.file("keyed.state")).isEqualTo("3-1-a2-keyed.state");
    assertThat(savepoint.savepoint()).isTrue();
  }
}
