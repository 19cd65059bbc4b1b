package io.weir.checkpoint;

import static io.weir.testing.FakeCoordinatorContext.failureOf;
import static io.weir.testing.FakeCoordinatorContext.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.weir.checkpoint.CheckpointCoordinator.Kind;
import io.weir.checkpoint.storage.CheckpointLayout;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.CheckpointStorages;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.checkpoint.storage.StateFile;
import io.weir.checkpoint.storage.StorageUri;
import io.weir.config.CheckpointMode;
import io.weir.cluster.protocol.AcknowledgeCheckpoint;
import io.weir.cluster.protocol.CheckpointAborted;
import io.weir.cluster.protocol.CheckpointComplete;
import io.weir.cluster.protocol.DeclineCheckpoint;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TriggerCheckpoint;
import io.weir.config.Settings;
import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.graph.TaskVertex;
import io.weir.state.KeyGroupRange;
import io.weir.state.KeyGroups;
import io.weir.state.KeyedStateHandle;
import io.weir.state.heap.HeapKeyedStateHandle;
import io.weir.testing.CheckpointAcks;
import io.weir.testing.FakeCheckpointHost;
import io.weir.testing.FakeCheckpointHost.Sent;
import io.weir.testing.FakeCoordinatorContext;
import io.weir.testing.TestJobs;
import io.weir.testing.TestSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointCoordinatorTest {
  private static final long EPOCH = 7;
  private static final int MAX_PARALLELISM = 128;
  private static final long START = 1_000_000;

  @TempDir
  Path tmp;

  private final JobId job = new JobId("keyed-test-00c0de");
  private final JobGraph graph = TestJobs.graph(new TestJobs.KeyedJob(), 2, MAX_PARALLELISM);
  private final TaskVertex sourceTask = graph.tasks().stream().filter(TaskVertex::isSource).findFirst().orElseThrow();
  private final TaskVertex keyedTask = graph.tasks().stream().filter(t -> t.head().keyed()).findFirst().orElseThrow();

  private FakeCoordinatorContext ctx;
  private FakeCheckpointHost host;
  private DirectoryCheckpointStorage storage;
  private CheckpointCoordinator coordinator;

  private TaskAttempt source0;
  private TaskAttempt source1;
  private TaskAttempt keyed0;
  private TaskAttempt keyed1;

  @BeforeEach
  void setUp() {
    ctx = new FakeCoordinatorContext(START);
    storage = new DirectoryCheckpointStorage(tmp.resolve("checkpoints"));
    source0 = attempt(sourceTask, 0, 0);
    source1 = attempt(sourceTask, 1, 0);
    keyed0 = attempt(keyedTask, 0, 0);
    keyed1 = attempt(keyedTask, 1, 0);
    host = FakeCheckpointHost.of(List.of(source0, source1), List.of(keyed0, keyed1));
  }

  @AfterEach
  void tearDown() throws Exception {
    ctx.close();
  }

  // ---------------------------------------------------------------- triggering and completing

  @Test
  void triggerSendsTriggerCheckpointToSourceTasksOnly() {
    coordinator = coordinator(TestSettings.checkpoint());

    coordinator.trigger(Kind.PERIODIC, null);

    List<Sent> sent = host.sent;
    assertThat(sent).extracting(Sent::to).containsExactlyInAnyOrder(source0, source1);
    assertThat(sent).extracting(Sent::message).allSatisfy(m -> {
      assertThat(m).isInstanceOf(TriggerCheckpoint.class);
      TriggerCheckpoint t = (TriggerCheckpoint) m;
      assertThat(t.epoch()).isEqualTo(EPOCH);
      assertThat(t.barrier().id()).isEqualTo(new CheckpointId(1));
      assertThat(t.barrier().savepoint()).isFalse();
    });
  }

  @Test
  void checkpointCompletesOnlyAfterEveryExpectedTaskAcknowledged() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint());
    Future<CheckpointMetadata> done = coordinator.trigger(Kind.PERIODIC, null);
    AcknowledgeCheckpoint lastAck = ack(keyed1, 1);

    for (TaskAttempt a : List.of(source0, source1, keyed0)) {
      coordinator.acknowledge(ack(a, 1));
    }
    assertThat(done.isComplete()).isFalse();
    assertThat(coordinator.inProgress()).isEqualTo(1);
    assertThat(coordinator.retained()).isEmpty();
    assertThat(storage.readFully(metadataPath(1))).as("metadata before the last acknowledgement").isNull();

    coordinator.acknowledge(lastAck);

    assertThat(done.succeeded()).isTrue();
    assertThat(coordinator.inProgress()).isZero();
    CheckpointMetadata onDisk = CheckpointMetadata.decode(storage.readFully(metadataPath(1)), "test");
    assertThat(onDisk.id()).isEqualTo(1);
    assertThat(onDisk.job()).isEqualTo(job.value());
    assertThat(onDisk.savepoint()).isFalse();
    assertThat(onDisk.keyed().get(keyedTask.head().name()))
        .extracting(KeyedStateHandle::keyGroupRange)
        .containsExactlyInAnyOrder(KeyGroups.rangeOf(0, 2, MAX_PARALLELISM), KeyGroups.rangeOf(1, 2, MAX_PARALLELISM));
    assertThat(onDisk.operators().get(sourceTask.head().name()))
        .containsExactly(CheckpointAcks.operatorState(source0.task(), 1), CheckpointAcks.operatorState(source1.task(), 1));
    assertThat(coordinator.retained()).extracting(CheckpointMetadata::id).containsExactly(1L);
    assertThat(coordinator.history()).singleElement()
        .satisfies(s -> assertThat(s.status()).isEqualTo(CheckpointStats.Status.COMPLETED));
  }

  @Test
  void completionSendsCheckpointCompleteToEveryTask() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint());
    coordinator.trigger(Kind.PERIODIC, null);
    for (TaskAttempt a : List.of(source0, source1, keyed0)) {
      coordinator.acknowledge(ack(a, 1));
    }
    assertThat(host.sent(CheckpointComplete.class)).isEmpty();

    coordinator.acknowledge(ack(keyed1, 1));

    assertThat(host.sentTo(CheckpointComplete.class)).containsExactlyInAnyOrder(source0, source1, keyed0, keyed1);
    assertThat(host.sent(CheckpointComplete.class)).allSatisfy(c -> {
      assertThat(c.checkpointId()).isEqualTo(new CheckpointId(1));
      assertThat(c.epoch()).isEqualTo(EPOCH);
    });
  }

  // ---------------------------------------------------------------- failures

  @Test
  void checkpointThatTimesOutIsAbortedWithItsFilesRemovedAndTheMissingTasksNamed() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().timeout(Duration.ofSeconds(1)));
    Future<CheckpointMetadata> done = coordinator.trigger(Kind.PERIODIC, null);
    for (TaskAttempt a : List.of(source0, source1, keyed0)) {
      coordinator.acknowledge(ack(a, 1));
    }
    assertThat(storage.list(checkpointFolder(1))).isNotEmpty();

    ctx.advance(999);
    assertThat(done.isComplete()).isFalse();
    ctx.advance(1);

    assertThat(done.failed()).isTrue();
    assertThat(host.sentTo(CheckpointAborted.class)).containsExactlyInAnyOrder(source0, source1, keyed0, keyed1);
    assertThat(Files.exists(storage.root().resolve(checkpointFolder(1)))).as("folder of the aborted checkpoint").isFalse();
    CheckpointStats stats = coordinator.history().get(0);
    assertThat(stats.status()).isEqualTo(CheckpointStats.Status.FAILED);
    assertThat(stats.failure()).contains("expired").contains(keyedTask.name() + " 2/2")
        .doesNotContain(keyedTask.name() + " 1/2").doesNotContain(sourceTask.name());

    coordinator.acknowledge(ack(keyed1, 1));
    assertThat(coordinator.retained()).as("a late acknowledgement completes nothing").isEmpty();
    assertThat(storage.readFully(metadataPath(1))).isNull();
  }

  @Test
  void declinedCheckpointIsAborted() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint());
    Future<CheckpointMetadata> done = coordinator.trigger(Kind.PERIODIC, null);
    coordinator.acknowledge(ack(source0, 1));

    coordinator.decline(new DeclineCheckpoint(keyed0, new CheckpointId(1), "disk full"));

    assertThat(done.failed()).isTrue();
    assertThat(done.cause()).hasMessageContaining("disk full");
    assertThat(host.sentTo(CheckpointAborted.class)).containsExactlyInAnyOrder(source0, source1, keyed0, keyed1);
    assertThat(Files.exists(storage.root().resolve(checkpointFolder(1)))).isFalse();
    CheckpointStats stats = coordinator.history().get(0);
    assertThat(stats.status()).isEqualTo(CheckpointStats.Status.FAILED);
    assertThat(stats.failure()).contains("declined").contains("disk full");
    assertThat(coordinator.inProgress()).isZero();
  }

  @Test
  void moreConsecutiveFailuresThanToleratedFailCheckpointing() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().tolerableFailures(2));

    declineNext("first");
    declineNext("second");
    assertThat(host.checkpointingFailures).as("two failures are tolerated").isEmpty();
    declineNext("third");

    assertThat(host.checkpointingFailures).singleElement().asString()
        .contains("3 checkpoints failed in a row").contains("third");
  }

  @Test
  void completedCheckpointResetsTheCountOfConsecutiveFailures() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().tolerableFailures(2));

    declineNext("first");
    declineNext("second");
    completeNext();
    declineNext("third");
    declineNext("fourth");

    assertThat(host.checkpointingFailures).isEmpty();
    declineNext("fifth");
    assertThat(host.checkpointingFailures).hasSize(1);
  }

  @Test
  void abortAllOnFailoverDoesNotCountAsFailure() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().tolerableFailures(0));

    for (int i = 0; i < 3; i++) {
      Future<CheckpointMetadata> done = coordinator.trigger(Kind.PERIODIC, null);
      coordinator.abortAll("the job is restarting");
      assertThat(done.failed()).isTrue();
    }

    assertThat(host.checkpointingFailures).isEmpty();
    assertThat(coordinator.history()).extracting(CheckpointStats::status).containsOnly(CheckpointStats.Status.ABORTED);
    declineNext("a real failure");
    assertThat(host.checkpointingFailures).as("with none tolerated, the first counted failure fails checkpointing")
        .hasSize(1);
  }

  /** Checkpoint 1 complete; checkpoint 2 acknowledged by every task, its pointer not yet stored. */
  private Future<CheckpointMetadata> secondAcknowledgedWhileTheStoreRecordsIt() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().retained(3));
    completeNext();
    host.recording = Promise.promise();
    Future<CheckpointMetadata> second = coordinator.trigger(Kind.PERIODIC, null);
    for (TaskAttempt a : host.running) {
      coordinator.acknowledge(ack(a, 2));
    }
    return second;
  }

  @Test
  void aRestartWaitsForACheckpointBeingRecordedInTheJobStoreAndRestoresFromIt() throws Exception {
    Future<CheckpointMetadata> second = secondAcknowledgedWhileTheStoreRecordsIt();
    assertThat(second.isComplete()).as("waiting for the job store").isFalse();

    coordinator.abortAll("the job is restarting after failure 1");
    Future<CheckpointMetadata> restorePoint = coordinator.latestForRestore();
    assertThat(second.isComplete()).as("a checkpoint being recorded is not aborted").isFalse();
    assertThat(restorePoint.isComplete()).as("the restore point waits for the store's answer").isFalse();

    host.recording.complete();
    assertThat(resultOf(second).id()).isEqualTo(2);
    assertThat(resultOf(restorePoint).id()).as("a next leader would restore it too").isEqualTo(2);
    assertThat(Files.exists(storage.root().resolve(metadataPath(2)))).as("its files are kept").isTrue();
  }

  @Test
  void aCheckpointTheJobStoreRefusedIsAbortedAndTheRestartUsesThePreviousOne() throws Exception {
    Future<CheckpointMetadata> second = secondAcknowledgedWhileTheStoreRecordsIt();
    coordinator.abortAll("the job is restarting after failure 1");
    Future<CheckpointMetadata> restorePoint = coordinator.latestForRestore();

    host.recording.fail("fenced: a newer leader wrote epoch 3");
    assertThat(second.failed()).isTrue();
    assertThat(resultOf(restorePoint).id()).isEqualTo(1);
    assertThat(host.sent(CheckpointComplete.class)).extracting(c -> c.checkpointId().value())
        .as("no task is told to commit it").doesNotContain(2L);
  }

  @Test
  void acknowledgementsAndDeclinesFromStaleAttemptAreDropped() throws Exception {
    TaskAttempt keyed1Restarted = new TaskAttempt(job, keyed1.task(), 1);
    host.running.set(host.running.indexOf(keyed1), keyed1Restarted);
    coordinator = coordinator(TestSettings.checkpoint());
    Future<CheckpointMetadata> done = coordinator.trigger(Kind.PERIODIC, null);
    for (TaskAttempt a : List.of(source0, source1, keyed0)) {
      coordinator.acknowledge(ack(a, 1));
    }

    coordinator.acknowledge(ack(keyed1, 1));
    coordinator.decline(new DeclineCheckpoint(keyed1, new CheckpointId(1), "zombie"));
    assertThat(done.isComplete()).as("the old attempt neither completes nor aborts the checkpoint").isFalse();

    coordinator.acknowledge(ack(keyed1Restarted, 1));
    assertThat(done.succeeded()).isTrue();
  }

  // ---------------------------------------------------------------- retention

  @Test
  void retentionKeepsExactlyTheConfiguredNumberOfCompletedCheckpointsOnDisk() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().retained(2));

    for (int i = 1; i <= 4; i++) {
      completeNext();
    }

    assertThat(coordinator.retained()).extracting(CheckpointMetadata::id).containsExactly(3L, 4L);
    assertThat(storage.list(CheckpointLayout.jobFolder(job))).containsExactlyInAnyOrder(chk(3), chk(4));
    assertThat(storage.readFully(metadataPath(4))).isNotNull();
  }

  @Test
  void discardingACheckpointDeletesOnlySharedFilesNoRetainedCheckpointNeeds() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().retained(2));
    StateFile a = sharedFile("a");
    StateFile b = sharedFile("b");
    StateFile c = sharedFile("c");
    StateFile d = sharedFile("d");

    completeWithShared(List.of(a));
    completeWithShared(List.of(a, b));
    completeWithShared(List.of(b, c));
    assertThat(storage.list(shared())).as("checkpoint 2 still needs a").containsExactlyInAnyOrder("a", "b", "c", "d");

    completeWithShared(List.of(c, d));
    assertThat(storage.list(shared())).containsExactlyInAnyOrder("b", "c", "d");
    assertThat(storage.list(CheckpointLayout.jobFolder(job))).containsExactlyInAnyOrder(chk(3), chk(4), CheckpointLayout.SHARED);
  }

  @Test
  void anAbortedCheckpointDeletesTheSharedFilesItUploadedButNotThoseOfRetainedCheckpoints() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().retained(2));
    StateFile a = sharedFile("a");
    completeWithShared(List.of(a));
    StateFile n = sharedFile("n");
    StateFile late = sharedFile("late");

    Future<CheckpointMetadata> aborted = coordinator.trigger(Kind.PERIODIC, null);
    long id = lastTriggeredId();
    coordinator.acknowledge(ack(storage, checkpointFolder(id), keyed0, id, List.of(a, n)));
    coordinator.decline(new DeclineCheckpoint(source0, new CheckpointId(id), "no room"));
    assertThat(aborted.failed()).isTrue();
    assertThat(storage.list(shared())).as("n was uploaded for the aborted checkpoint only")
        .containsExactlyInAnyOrder("a", "late");

    // an acknowledgement that arrives after the abort: its new files go too
    coordinator.acknowledge(ack(storage, checkpointFolder(id), keyed1, id, List.of(a, late)));
    assertThat(storage.list(shared())).containsExactly("a");
    assertThat(storage.list(CheckpointLayout.jobFolder(job))).as("the late task's own file is gone with its folder")
        .containsExactlyInAnyOrder(chk(1), CheckpointLayout.SHARED);
  }

  @Test
  void aDeclineThatArrivesAfterTheCheckpointFailedDeletesTheFolderItsTaskWroteAgain() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().retained(2));
    completeNext();
    Future<CheckpointMetadata> failed = coordinator.trigger(Kind.PERIODIC, null);
    long id = lastTriggeredId();
    coordinator.decline(new DeclineCheckpoint(source0, new CheckpointId(id), "No space left on device"));
    assertThat(failed.failed()).isTrue();
    // another task was still writing: its partial file makes the failed checkpoint's folder again
    storage.write(checkpointFolder(id) + "/partial.state", out -> out.write(new byte[] {1, 2, 3}));

    coordinator.decline(new DeclineCheckpoint(keyed1, new CheckpointId(id), "No space left on device"));

    assertThat(storage.list(CheckpointLayout.jobFolder(job))).as("the failed checkpoint's folder is gone again")
        .containsExactlyInAnyOrder(chk(1));
  }

  @Test
  void theFirstCheckpointAfterARestartDeletesSharedFilesThatFailedAttemptsUploadedAndNothingNames() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().retained(2));
    StateFile kept = sharedFile(uploadName(keyed0, 1, "000007.sst"));
    completeWithShared(List.of(kept));
    long crashed = lastTriggeredId() + 1;
    coordinator.trigger(Kind.PERIODIC, null);
    // a task uploaded this for the checkpoint, then its worker died before it acknowledged
    String orphan = uploadName(keyed1, crashed, "000009.sst");
    sharedFile(orphan);
    sharedFile("not-an-upload");
    coordinator.abortAll("the job is restarting");
    assertThat(storage.list(shared())).as("nothing names the orphan, but the sweep waits for a checkpoint")
        .contains(orphan);

    Future<CheckpointMetadata> next = coordinator.trigger(Kind.PERIODIC, null);
    long id = lastTriggeredId();
    String later = uploadName(new TaskAttempt(job, keyed0.task(), 1), id + 1, "000011.sst"); // being uploaded for a later checkpoint
    sharedFile(later);
    for (TaskAttempt a : host.running) {
      coordinator.acknowledge(ack(storage, checkpointFolder(id), a, id, List.of(kept)));
    }
    assertThat(next.succeeded()).isTrue();

    assertThat(storage.list(shared())).containsExactlyInAnyOrder(kept.path().substring((shared() + "/").length()),
        later, "not-an-upload");
  }

  // ---------------------------------------------------------------- periodic triggering

  @Test
  void periodicTriggeringRespectsMaxConcurrent() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().interval(Duration.ofMillis(100)).maxConcurrent(2));
    coordinator.start();

    ctx.advance(100);
    ctx.advance(100);
    assertThat(triggeredIds()).containsExactly(1L, 2L);
    ctx.advance(300);
    assertThat(triggeredIds()).as("two in progress: no third").containsExactly(1L, 2L);
    assertThat(coordinator.inProgress()).isEqualTo(2);

    for (TaskAttempt a : host.running) {
      coordinator.acknowledge(ack(a, 1));
    }
    ctx.advance(100);

    assertThat(triggeredIds()).containsExactly(1L, 2L, 3L);
    coordinator.stop();
  }

  @Test
  void periodicTriggeringWaitsTheMinimumPauseAfterACompletedCheckpoint() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().interval(Duration.ofMillis(100)).minPause(Duration.ofMillis(350)));
    coordinator.start();
    ctx.advance(100);
    assertThat(triggeredIds()).containsExactly(1L);
    ctx.advance(50);
    for (TaskAttempt a : host.running) {
      coordinator.acknowledge(ack(a, 1));
    }
    long completedAt = ctx.now();

    ctx.advance(349);
    assertThat(triggeredIds()).as("within the minimum pause").containsExactly(1L);
    ctx.advance(100);

    assertThat(triggeredIds()).containsExactly(1L, 2L);
    long secondTriggeredAt = host.sent(TriggerCheckpoint.class).get(2).barrier().timestamp();
    assertThat(secondTriggeredAt - completedAt).isGreaterThanOrEqualTo(350).isLessThan(350 + 100);
    coordinator.stop();
    assertThat(ctx.pendingTimers()).as("stop cancels the periodic timer and the timeout").isZero();
  }

  @Test
  void periodicTriggeringSkipsWhileTheJobCannotCheckpoint() {
    coordinator = coordinator(TestSettings.checkpoint().interval(Duration.ofMillis(100)));
    host.canCheckpoint = false;
    coordinator.start();

    ctx.advance(500);

    assertThat(triggeredIds()).isEmpty();
    assertThat(coordinator.trigger(Kind.PERIODIC, null).failed()).isTrue();
    coordinator.stop();
  }

  // ---------------------------------------------------------------- savepoints

  @Test
  void savepointIsWrittenToItsOwnFolderAndNeverRetained() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().retained(1));
    completeNext();
    Path savepoints = tmp.resolve("savepoints");

    Future<CheckpointMetadata> done = coordinator.trigger(Kind.SAVEPOINT, savepoints.toString());
    TriggerCheckpoint trigger = host.sent(TriggerCheckpoint.class).get(host.sent(TriggerCheckpoint.class).size() - 1);
    assertThat(trigger.barrier().savepoint()).isTrue();
    CheckpointStorage target = CheckpointStorages.open(trigger.barrier().storageUri(), ctx.vertx());
    for (TaskAttempt a : host.running) {
      coordinator.acknowledge(ack(target, "", a, 2));
    }

    assertThat(done.succeeded()).isTrue();
    Path folder = StorageUri.parse(trigger.barrier().storageUri()).directory();
    assertThat(folder.getParent()).isEqualTo(savepoints.toAbsolutePath());
    CheckpointMetadata loaded = CheckpointMetadata.load(folder.toString(), ctx.vertx());
    assertThat(loaded.savepoint()).isTrue();
    assertThat(loaded.id()).isEqualTo(2);
    assertThat(loaded.files()).allSatisfy(f -> assertThat(folder.resolve(f.path())).exists());
    assertThat(coordinator.retained()).extracting(CheckpointMetadata::id).as("the savepoint is not retained")
        .containsExactly(1L);
    assertThat(storage.list(CheckpointLayout.jobFolder(job))).as("nothing of the savepoint in checkpoint storage").containsExactly(chk(1));
    assertThat(coordinator.history().get(1).location()).isEqualTo(folder.toString());

    completeNext();
    assertThat(coordinator.retained()).extracting(CheckpointMetadata::id).containsExactly(3L);
    assertThat(folder.resolve(CheckpointMetadata.FILE)).as("retention never deletes a savepoint").exists();
  }

  @Test
  void savepointThatTimesOutLeavesNoFolderBehind() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().timeout(Duration.ofSeconds(1)));
    Future<CheckpointMetadata> done = coordinator.trigger(Kind.SAVEPOINT, tmp.resolve("savepoints").toString());
    TriggerCheckpoint trigger = host.sent(TriggerCheckpoint.class).get(0);
    CheckpointStorage target = CheckpointStorages.open(trigger.barrier().storageUri(), ctx.vertx());
    coordinator.acknowledge(ack(target, "", keyed0, 1));
    Path folder = StorageUri.parse(trigger.barrier().storageUri()).directory();
    assertThat(folder).isDirectory();

    ctx.advance(1_000);

    assertThat(done.failed()).isTrue();
    assertThat(done.cause()).hasMessageContaining("savepoint");
    assertThat(folder).doesNotExist();
  }

  // ---------------------------------------------------------------- restore

  @Test
  void latestForRestoreReturnsTheNewestIntactCheckpoint() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().retained(3));
    assertThat(resultOf(coordinator.latestForRestore())).as("no checkpoint yet").isNull();
    completeNext();
    completeNext();

    assertThat(resultOf(coordinator.latestForRestore()).id()).isEqualTo(2);
    assertThat(coordinator.restoreNote().outcome()).isEqualTo(RestoreNote.Outcome.INTACT);
  }

  @Test
  void atLeastOnceJobFallsBackPastCheckpointWhoseStateFileWasDeleted() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().retained(3).mode(CheckpointMode.AT_LEAST_ONCE));
    completeNext();
    completeNext();
    Files.delete(storage.root().resolve(aStateFileOf(2).path()));

    assertThat(resultOf(coordinator.latestForRestore()).id()).isEqualTo(1);
    assertThat(coordinator.retained()).extracting(CheckpointMetadata::id).containsExactly(1L);
    RestoreNote note = coordinator.restoreNote();
    assertThat(note.outcome()).isEqualTo(RestoreNote.Outcome.FELL_BACK);
    assertThat(note.checkpointId()).contains(new CheckpointId(1));
    assertThat(note.detail()).contains("checkpoint 2 is unusable").contains("missing").contains("at-least-once");
  }

  @Test
  void truncatedStateFileOfNewestCheckpointRefusesTheFallbackThatWouldRepeatTransactionalOutput() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().retained(3));
    completeNext();
    completeNext();
    StateFile truncated = aStateFileOf(2);
    Path file = storage.root().resolve(truncated.path());
    byte[] content = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(content, content.length - 1));

    Throwable refusal = failureOf(coordinator.latestForRestore());

    assertThat(refusal).isInstanceOf(UnsafeFallbackException.class)
        .hasMessageStartingWith("checkpoint 2 of job " + job + " is unusable: state file " + truncated.path())
        .hasMessageContaining("partial file")
        .hasMessageContaining("would repeat output that the transactional sink 'out' already committed")
        .hasMessageContaining("Resume from a savepoint, or resubmit with --allow-fallback to accept duplicates");
    assertThat(((UnsafeFallbackException) refusal).checkpointId()).isEqualTo(new CheckpointId(2));
    assertThat(coordinator.restoreNote().outcome()).isEqualTo(RestoreNote.Outcome.REFUSED);
    assertThat(coordinator.restoreNote().detail()).isEqualTo(refusal.getMessage());
    assertThat(failureOf(coordinator.latestForRestore())).as("asking again refuses again")
        .isInstanceOf(UnsafeFallbackException.class);
  }

  @Test
  void missingMetadataOfNewestCheckpointRefusesTheFallback() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().retained(3));
    completeNext();
    completeNext();
    Files.delete(storage.root().resolve(metadataPath(2)));

    assertThat(failureOf(coordinator.latestForRestore())).isInstanceOf(UnsafeFallbackException.class)
        .hasMessageContaining("checkpoint 2 of job " + job + " is unusable").hasMessageContaining("no metadata file");
  }

  @Test
  void allowFallbackRestoresThePreviousCheckpointWhenTheNewestMetadataIsCorrupt() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().retained(3).allowFallback());
    completeNext();
    completeNext();
    Path metadata = storage.root().resolve(metadataPath(2));
    byte[] content = Files.readAllBytes(metadata);
    content[content.length / 2] ^= 0x40;
    Files.write(metadata, content);

    assertThat(resultOf(coordinator.latestForRestore()).id()).isEqualTo(1);
    assertThat(coordinator.restoreNote().outcome()).isEqualTo(RestoreNote.Outcome.FELL_BACK);
    assertThat(coordinator.restoreNote().detail()).contains("checksum").contains("--allow-fallback");
  }

  @Test
  void checkpointATaskFoundCorruptRefusesTheFallbackNamingWhatTheTaskFound() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().retained(3));
    completeNext();
    completeNext();

    coordinator.markCorrupt(new CheckpointId(2), "state file chk-2/x.state fails its checksum (corrupt)");

    assertThat(failureOf(coordinator.latestForRestore())).isInstanceOf(UnsafeFallbackException.class)
        .hasMessageContaining("checkpoint 2 of job " + job + " is unusable: state file chk-2/x.state fails its checksum");
    assertThat(coordinator.retained()).extracting(CheckpointMetadata::id).containsExactly(1L);
  }

  @Test
  void unusableOnlyCheckpointRefusesRestartingFromTheInitialStateToo() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint());
    completeNext();

    coordinator.markCorrupt(new CheckpointId(1), "a task could not read its state");

    assertThat(failureOf(coordinator.latestForRestore())).isInstanceOf(UnsafeFallbackException.class);
  }

  @Test
  void secondCopyIsUsedWhenThePrimaryStateFileIsTruncatedOrItsMetadataMissing() throws Exception {
    Path copyDir = tmp.resolve("copy");
    coordinator = coordinator(TestSettings.checkpoint().retained(3).copy(copyDir));
    assertThat(coordinator.storage().uri()).isEqualTo(storage.uri() + ";copy=" + StorageUri.directory(copyDir));
    completeNext();
    completeNext();
    StateFile truncated = aStateFileOf(2);
    Files.write(storage.root().resolve(truncated.path()), new byte[1]);
    Files.delete(storage.root().resolve(metadataPath(2)));

    assertThat(resultOf(coordinator.latestForRestore()).id()).isEqualTo(2);
    RestoreNote note = coordinator.restoreNote();
    assertThat(note.outcome()).isEqualTo(RestoreNote.Outcome.COPY_USED);
    assertThat(note.detail()).contains(truncated.path()).contains(metadataPath(2)).contains(copyDir.toString());
  }

  @Test
  void newestCheckpointBrokenInBothCopiesRefusesTheFallback() throws Exception {
    Path copyDir = tmp.resolve("copy");
    coordinator = coordinator(TestSettings.checkpoint().retained(3).copy(copyDir));
    completeNext();
    completeNext();
    String path = aStateFileOf(2).path();
    Files.write(storage.root().resolve(path), new byte[1]);
    Files.delete(copyDir.resolve(path));

    assertThat(failureOf(coordinator.latestForRestore())).isInstanceOf(UnsafeFallbackException.class)
        .hasMessageContaining("partial file").hasMessageContaining("and in its copy").hasMessageContaining("missing");
  }

  @Test
  void declinedCheckpointsPartialSharedFilesAreSweptOnceTheNextCompletes() throws Exception {
    coordinator = coordinator(TestSettings.checkpoint().tolerableFailures(1));
    completeNext();
    StateFile partial = sharedFile(uploadName(keyed0, 2, "000009.sst"));

    declineNext("its state could not be written: No space left on device");
    assertThat(coordinator.history().get(1).failure()).contains("No space left on device");
    completeNext();

    assertThat(storage.root().resolve(partial.path())).as("the partial upload of the declined checkpoint").doesNotExist();
    assertThat(storage.list(CheckpointLayout.jobFolder(job))).as("nothing of checkpoint 2 is left")
        .doesNotContain(chk(2));
    assertThat(resultOf(coordinator.latestForRestore()).id()).isEqualTo(3);
  }

  // ---------------------------------------------------------------- helpers

  private CheckpointCoordinator coordinator(TestSettings.Checkpoint settings) {
    return coordinator(settings.build());
  }

  private CheckpointCoordinator coordinator(Settings.Checkpoint settings) {
    return new CheckpointCoordinator(job, graph, settings, storage, ctx, host, EPOCH);
  }

  private TaskAttempt attempt(TaskVertex task, int subtask, int attempt) {
    return new TaskAttempt(job, new TaskId(task.id(), subtask), attempt);
  }

  private String checkpointFolder(long id) {
    return CheckpointLayout.checkpointFolder(job, new CheckpointId(id));
  }

  private String metadataPath(long id) {
    return CheckpointLayout.checkpointMetadata(job, new CheckpointId(id));
  }

  private static String chk(long id) {
    return CheckpointLayout.checkpointFolderName(new CheckpointId(id));
  }

  private String shared() {
    return CheckpointLayout.sharedFolder(job);
  }

  /** The name in the shared folder of a file that attempt {@code a} uploaded for checkpoint {@code id}. */
  private String uploadName(TaskAttempt a, long id, String localName) {
    String path = CheckpointLayout.sharedFile(shared(), CheckpointLayout.filePrefix(a.task(), a.attempt()), new CheckpointId(id), localName);
    return path.substring((shared() + "/").length());
  }

  /** What task {@code a} acknowledges for checkpoint {@code id}, its files written as a task writes them. */
  private AcknowledgeCheckpoint ack(TaskAttempt a, long id) throws IOException {
    return ack(storage, checkpointFolder(id), a, id);
  }

  private AcknowledgeCheckpoint ack(CheckpointStorage target, String folder, TaskAttempt a, long id) throws IOException {
    return ack(target, folder, a, id, List.of());
  }

  private AcknowledgeCheckpoint ack(CheckpointStorage target, String folder, TaskAttempt a, long id,
                                    List<StateFile> shared) throws IOException {
    TaskVertex tv = graph.task(a.task().vertex());
    KeyedStateHandle keyed = null;
    if (tv.head().keyed()) {
      String path = CheckpointLayout.stateFile(folder, CheckpointLayout.filePrefix(a.task(), a.attempt()),
          CheckpointLayout.HEAP_KEYED_STATE);
      byte[] content = ("keyed state of " + a + " at " + id).getBytes(StandardCharsets.UTF_8);
      StateFile own = target.write(path, out -> out.write(content));
      KeyGroupRange range = KeyGroups.rangeOf(a.task().subtask(), tv.parallelism(), MAX_PARALLELISM);
      keyed = shared.isEmpty() ? new HeapKeyedStateHandle(range, own) : new IncrementalHandle(range, own, shared);
    }
    return CheckpointAcks.of(a, id).keyed(keyed).tailState(graph).figures(1, 2, 0).build();
  }

  /** A keyed handle of an incremental snapshot: its own file and files shared with other checkpoints. */
  private record IncrementalHandle(KeyGroupRange keyGroupRange, StateFile own, List<StateFile> shared)
      implements KeyedStateHandle {
    @Override
    public List<StateFile> files() {
      List<StateFile> all = new ArrayList<>(shared);
      all.add(own);
      return all;
    }

    @Override
    public List<StateFile> sharedFiles() {
      return shared;
    }
  }

  private StateFile sharedFile(String name) throws IOException {
    return storage.write(CheckpointLayout.in(shared(), name), out -> out.write(name.getBytes(StandardCharsets.UTF_8)));
  }

  private List<Long> triggeredIds() {
    return host.sent(TriggerCheckpoint.class).stream().map(t -> t.barrier().id().value()).distinct().toList();
  }

  private long lastTriggeredId() {
    List<Long> ids = triggeredIds();
    return ids.get(ids.size() - 1);
  }

  private void completeNext() throws IOException {
    completeWithShared(List.of());
  }

  private void completeWithShared(List<StateFile> shared) throws IOException {
    Future<CheckpointMetadata> done = coordinator.trigger(Kind.PERIODIC, null);
    long id = lastTriggeredId();
    for (TaskAttempt a : host.running) {
      coordinator.acknowledge(ack(coordinator.storage(), checkpointFolder(id), a, id, shared));
    }
    assertThat(done.succeeded()).as("checkpoint %s completed", id).isTrue();
  }

  private void declineNext(String reason) {
    Future<CheckpointMetadata> done = coordinator.trigger(Kind.PERIODIC, null);
    coordinator.decline(new DeclineCheckpoint(keyed0, new CheckpointId(lastTriggeredId()), reason));
    assertThat(done.failed()).isTrue();
  }

  private StateFile aStateFileOf(long checkpointId) {
    CheckpointMetadata m = coordinator.retained().stream().filter(r -> r.id() == checkpointId).findFirst().orElseThrow();
    assertThat(m.files()).isNotEmpty();
    return m.files().get(0);
  }
}
