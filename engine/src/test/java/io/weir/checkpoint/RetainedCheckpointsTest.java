package io.weir.checkpoint;

import static io.weir.testing.FakeCoordinatorContext.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.checkpoint.storage.CheckpointLayout;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.vertx.core.Future;
import io.weir.config.CheckpointMode;
import io.weir.runtime.JobId;
import io.weir.testing.FakeCoordinatorContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The choice of the restore point among the retained checkpoints. */
class RetainedCheckpointsTest {
  private final JobId job = new JobId("restore-test-00c0de");

  @TempDir
  Path tmp;

  private FakeCoordinatorContext ctx;
  private DirectoryCheckpointStorage storage;
  private RetainedCheckpoints retained;

  @BeforeEach
  void setUp() {
    ctx = new FakeCoordinatorContext(1_000);
    storage = new DirectoryCheckpointStorage(tmp.resolve("checkpoints"));
    retained = new RetainedCheckpoints(job, storage, ctx, new RestorePolicy(CheckpointMode.AT_LEAST_ONCE, false, List.of()));
  }

  @AfterEach
  void tearDown() throws Exception {
    ctx.close();
  }

  @Test
  void aCheckpointFoundUnusableIsDroppedAndNotChosenAgainWhenItsMetadataReturns() throws Exception {
    retained.add(written(1));
    CheckpointMetadata second = written(2);
    retained.add(second);
    Path metadata = storage.root().resolve(CheckpointLayout.checkpointMetadata(job, new CheckpointId(2)));
    byte[] content = Files.readAllBytes(metadata);
    Files.delete(metadata);

    assertThat(resultOf(retained.latestForRestore()).id()).isEqualTo(1);
    assertThat(retained.list()).extracting(CheckpointMetadata::id).containsExactly(1L);

    Files.write(metadata, content);
    retained.add(second); // as a restart would offer it again
    assertThat(resultOf(retained.latestForRestore()).id()).as("checkpoint 2 was found unusable once").isEqualTo(1);
  }

  @Test
  void withNoIntactCheckpointAnAllowedFallbackReachesTheInitialState() throws Exception {
    retained.add(written(1));
    retained.markCorrupt(new CheckpointId(1), "a task could not read its state");

    assertThat(resultOf(retained.latestForRestore())).isNull();
    assertThat(retained.list()).isEmpty();
    assertThat(retained.restoreNote().outcome()).isEqualTo(RestoreNote.Outcome.FELL_BACK);
    assertThat(retained.restoreNote().checkpointId()).isEmpty();
    assertThat(retained.restoreNote().detail()).contains("the job's initial state").contains("a task could not read");
  }

  @Test
  void withNoCompletedCheckpointThereIsNoRestorePointAndNothingToNote() {
    assertThat(resultOf(retained.latestForRestore())).isNull();
    assertThat(retained.restoreNote()).isNull();
  }

  @Test
  void aTransactionalSinkMakesTheFallbackFailTheRestore() throws Exception {
    retained = new RetainedCheckpoints(job, storage, ctx, new RestorePolicy(CheckpointMode.EXACTLY_ONCE, false,
        List.of("output")));
    retained.add(written(1));
    retained.add(written(2));
    retained.markCorrupt(new CheckpointId(2), "state file chk-2/x fails its checksum (corrupt)");

    Future<CheckpointMetadata> restore = retained.latestForRestore();

    assertThat(restore.failed()).isTrue();
    assertThat(restore.cause()).isInstanceOf(UnsafeFallbackException.class)
        .hasMessageContaining("checkpoint 2 of job " + job + " is unusable: state file chk-2/x fails its checksum")
        .hasMessageContaining("the transactional sink 'output'");
    assertThat(retained.restoreNote().outcome()).isEqualTo(RestoreNote.Outcome.REFUSED);
  }

  private CheckpointMetadata written(long id) throws Exception {
    CheckpointMetadata m = new CheckpointMetadata(job.value(), id, 1_000 + id, false, storage.uri(), Map.of(), Map.of(),
        0, 0);
    storage.writeAtomically(CheckpointLayout.checkpointMetadata(job, new CheckpointId(id)), m.encode());
    return m;
  }
}
