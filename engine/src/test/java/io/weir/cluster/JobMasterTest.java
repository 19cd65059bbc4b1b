package io.weir.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.weir.checkpoint.CheckpointCoordinator;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.CheckpointMetadata;
import io.weir.checkpoint.storage.DirectoryCheckpointStorage;
import io.weir.cluster.protocol.AcknowledgeCheckpoint;
import io.weir.cluster.protocol.CheckpointComplete;
import io.weir.cluster.protocol.DeclineCheckpoint;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.FinishTask;
import io.weir.cluster.protocol.StartTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskFailed;
import io.weir.cluster.protocol.TaskFinished;
import io.weir.cluster.protocol.TaskFirstRecord;
import io.weir.cluster.protocol.TaskInputEnded;
import io.weir.cluster.protocol.TaskRestore;
import io.weir.cluster.protocol.TaskRunning;
import io.weir.cluster.protocol.TriggerCheckpoint;
import io.weir.cluster.restart.RestartStrategy;
import io.weir.config.WeirConfig;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.TaskVertex;
import io.weir.runtime.task.TaskState;
import io.weir.testing.CheckpointAcks;
import io.weir.testing.FakeCoordinatorContext;
import io.weir.testing.FakeGateway;
import io.weir.testing.TestJobs;
import io.weir.testing.TestSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job master driven by a fake clock, a fake gateway and a worker registry of fake workers. The
 * job is {@link TestJobs.ForwardJob} at parallelism 2: tasks {@code numbers} and {@code out}, whose
 * subtask i form failover region i.
 */
class JobMasterTest {
  private static final long EPOCH = 3;
  private static final long START = 1_000_000;
  private static final long RESTART_DELAY = 100;

  @TempDir
  Path tmp;

  private final JobId id = new JobId("forward-test-0000aa");
  private final WeirConfig clusterConfig = WeirConfig.defaults();
  private FakeCoordinatorContext ctx;
  private FakeGateway gateway;
  private WorkerRegistry workers;
  private JobMaster master;

  @BeforeEach
  void setUp() {
    ctx = new FakeCoordinatorContext(START);
    gateway = new FakeGateway(ctx);
    workers = new WorkerRegistry(Duration.ofMillis(500), Duration.ofSeconds(3), new WorkerRegistry.Listener() {
      @Override
      public void workerAdded(Worker worker) {
        if (master != null) {
          master.slotsAvailable();
        }
      }

      @Override
      public void workerLost(Worker worker, String reason, long detectedAt) {
        if (master != null) {
          master.workerLost(worker, reason, detectedAt);
          master.slotsAvailable();
        }
      }
    });
  }

  @AfterEach
  void tearDown() throws Exception {
    ctx.close();
  }

  // ---------------------------------------------------------------- deployment

  @Test
  void initialDeploymentPlacesSubtasksOnSlotsOfDifferentWorkersAndStartsThemAfterAllDeployReplies() {
    twoWorkers(2);
    gateway.answerDeploys = false;
    start(settings());

    assertThat(gateway.deploys).hasSize(4);
    assertThat(gateway.deploys).allSatisfy(d -> {
      assertThat(d.deploy().epoch()).isEqualTo(EPOCH);
      assertThat(d.attempt().attempt()).isZero();
      assertThat(d.deploy().restore()).as("a fresh job restores nothing").isEqualTo(new TaskRestore.FreshStart());
      assertThat(d.deploy().checkpointStorage()).isEqualTo(master.checkpoints().storage().uri());
    });
    Map<Integer, Set<String>> workersBySubtask = gateway.deploys.stream().collect(Collectors.groupingBy(
        d -> d.attempt().task().subtask(), Collectors.mapping(FakeGateway.Deploy::worker, Collectors.toSet())));
    assertThat(workersBySubtask.get(0)).as("subtask 0 of both tasks shares one slot").hasSize(1);
    assertThat(workersBySubtask.get(1)).hasSize(1);
    assertThat(workersBySubtask.get(0)).doesNotContainAnyElementsOf(workersBySubtask.get(1));
    assertThat(master.executions()).allSatisfy(e -> assertThat(e.slot())
        .isEqualTo(execution(otherTask(e.attempt().task().vertex()), e.attempt().task().subtask()).slot()));

    for (int i = 0; i < 3; i++) {
      gateway.deploys.get(i).reply().complete(null);
    }
    assertThat(gateway.sent(StartTask.class)).as("not before every deploy is answered").isEmpty();
    assertThat(master.status()).isEqualTo(JobStatus.CREATED);

    gateway.answerPendingDeploys();

    assertThat(gateway.sentTo(StartTask.class)).containsExactlyInAnyOrderElementsOf(gateway.deployed());
    assertThat(master.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(master.executions()).extracting(Execution::state).containsOnly(TaskState.RUNNING);
    assertThat(workers.freeSlots()).isEqualTo(2);
  }

  @Test
  void failedDeploymentRestartsAndEveryTaskIsStartedInTheEnd() {
    twoWorkers(2);
    gateway.refusingWorkers.add("w-2");
    start(settings());
    assertThat(master.status()).isEqualTo(JobStatus.RESTARTING);
    assertThat(master.failures()).singleElement().satisfies(f -> assertThat(f.cause())
        .contains("w-2").contains("refused the deployment"));

    gateway.refusingWorkers.clear();
    ctx.advance(RESTART_DELAY);

    assertThat(master.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(master.executions()).as("no task is left deployed but never started")
        .extracting(Execution::state).containsOnly(TaskState.RUNNING);
    assertThat(gateway.sentTo(StartTask.class)).containsAll(currentAttempts());
  }

  // ---------------------------------------------------------------- failover

  @Test
  void taskFailureRestartsOnlyItsRegionWhenFailoverIsRegion() {
    twoWorkers(2);
    start(settings().put("failover", "region"));
    TaskAttempt failed = execution(sourceTask(), 0).attempt();
    List<TaskAttempt> otherRegion = List.of(execution(sourceTask(), 1).attempt(), execution(sinkTask(), 1).attempt());
    TaskAttempt sameRegion = execution(sinkTask(), 0).attempt();
    gateway.clear();

    master.onTaskMessage(taskFailed(failed, "boom"));

    assertThat(master.status()).isEqualTo(JobStatus.RESTARTING);
    assertThat(gateway.cancelled()).as("its region, and the failed attempt is undeployed too")
        .containsExactlyInAnyOrder(sameRegion, failed);
    ctx.advance(RESTART_DELAY);
    assertThat(gateway.deployed()).extracting(TaskAttempt::task)
        .containsExactlyInAnyOrder(failed.task(), sameRegion.task());
    assertThat(currentAttempts()).containsAll(otherRegion);
    assertThat(execution(sourceTask(), 1).state()).isEqualTo(TaskState.RUNNING);
    assertThat(master.status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void taskFailureRestartsEveryTaskWhenFailoverIsFull() {
    twoWorkers(2);
    start(settings().put("failover", "full"));
    TaskAttempt failed = execution(sourceTask(), 0).attempt();
    List<TaskAttempt> others = currentAttempts().stream().filter(a -> !a.equals(failed)).toList();
    gateway.clear();

    master.onTaskMessage(taskFailed(failed, "boom"));

    assertThat(gateway.cancelled()).containsAll(others).contains(failed).hasSize(others.size() + 1);
    ctx.advance(RESTART_DELAY);
    assertThat(gateway.deployed()).extracting(TaskAttempt::task)
        .containsExactlyInAnyOrderElementsOf(master.graph().allSubtasks());
  }

  @Test
  void restartWaitsTheStrategysDelayThenRedeploysAsANewAttemptFromTheLatestCheckpoint() {
    twoWorkers(2);
    start(settings());
    completeCheckpoint();
    CheckpointMetadata second = completeCheckpoint();
    TaskAttempt failed = execution(sinkTask(), 1).attempt();
    gateway.clear();

    master.onTaskMessage(taskFailed(failed, "boom"));
    ctx.advance(RESTART_DELAY - 1);
    assertThat(gateway.deploys).as("within the restart delay").isEmpty();
    ctx.advance(1);

    assertThat(gateway.deploys).hasSize(2).allSatisfy(d -> {
      assertThat(d.attempt().attempt()).isGreaterThan(failed.attempt());
      assertThat(d.deploy().restore()).isInstanceOf(TaskRestore.FromCheckpoint.class);
      TaskRestore.FromCheckpoint restore = (TaskRestore.FromCheckpoint) d.deploy().restore();
      assertThat(restore.checkpointId()).isEqualTo(second.checkpointId());
      TaskVertex tv = master.graph().task(d.attempt().task().vertex());
      List<byte[]> expected = List.of(CheckpointAcks.operatorState(new TaskId(tv.id(), 0), second.id()),
          CheckpointAcks.operatorState(new TaskId(tv.id(), 1), second.id()));
      assertThat(restore.operatorStates().get(tv.tail().name())).as("every old subtask's state of %s", tv.name())
          .containsExactlyElementsOf(expected);
    });
    assertThat(master.failures().get(0).restoredCheckpoint()).hasValue(second.checkpointId());
  }

  @Test
  void exponentialRestartsBackOffUntilACheckpointCompletesAfterTheRestart() {
    twoWorkers(2);
    start(settings().put("restart", new JsonObject().put("strategy", "exponential-delay").put("initial-delay", "20ms")
        .put("max-delay", "1m").put("reset-after", "60s")));
    completeCheckpoint();

    gateway.clear();
    master.onTaskMessage(taskFailed(execution(sinkTask(), 1).attempt(), "boom"));
    ctx.advance(20);
    assertThat(gateway.deploys).as("restarted after the first delay").isNotEmpty();
    master.onTaskMessage(taskFailed(execution(sinkTask(), 1).attempt(), "boom again"));
    gateway.clear();
    ctx.advance(39);
    assertThat(gateway.deploys).as("a second failure before any checkpoint waits twice as long").isEmpty();
    ctx.advance(1);
    assertThat(gateway.deploys).isNotEmpty();

    completeCheckpoint(); // the restart worked
    master.onTaskMessage(taskFailed(execution(sinkTask(), 0).attempt(), "an unrelated failure"));
    gateway.clear();
    ctx.advance(20);
    assertThat(gateway.deploys).as("after a completed checkpoint the first delay applies again").isNotEmpty();
  }

  @Test
  void taskThatCannotReadItsCheckpointMakesTheRestartUseThePreviousOneWhenFallingBackIsAllowed() {
    twoWorkers(2);
    JsonObject settings = settings();
    settings.getJsonObject("checkpoint").put("allow-fallback", true);
    start(settings);
    CheckpointMetadata first = completeCheckpoint();
    CheckpointMetadata second = completeCheckpoint();
    TaskAttempt failed = execution(sourceTask(), 0).attempt();
    gateway.clear();

    master.onTaskMessage(new TaskFailed(failed, "checkpoint " + second.id() + " is corrupt", "", "restore", ctx.now(),
        Optional.of(second.checkpointId())));
    ctx.advance(RESTART_DELAY);

    assertThat(gateway.deploys).isNotEmpty()
        .allSatisfy(d -> assertThat(d.deploy().restore()).isInstanceOfSatisfying(TaskRestore.FromCheckpoint.class,
            r -> assertThat(r.checkpointId()).isEqualTo(first.checkpointId())));
  }

  @Test
  void taskThatCannotReadTheNewestCheckpointFailsTheJobRatherThanRepeatTheTransactionalSinksCommittedOutput() {
    twoWorkers(2);
    start(settings());
    completeCheckpoint();
    CheckpointMetadata second = completeCheckpoint();
    gateway.clear();

    master.onTaskMessage(new TaskFailed(execution(sourceTask(), 0).attempt(), "state file x fails its checksum (corrupt)",
        "", "restore", ctx.now(), Optional.of(second.checkpointId())));
    ctx.advance(RESTART_DELAY);

    assertThat(gateway.deploys).as("nothing restarts from an older checkpoint").isEmpty();
    assertThat(master.status()).isEqualTo(JobStatus.FAILED);
    assertThat(master.failureCause()).contains("checkpoint " + second.id() + " of job " + id + " is unusable")
        .contains("--allow-fallback");
    assertThat(master.failures()).extracting(FailureRecord::outcome).last().isEqualTo("job failed");
    assertThat(master.toJson().getJsonObject("restore").getString("outcome")).isEqualTo(
        io.weir.checkpoint.RestoreNote.Outcome.REFUSED.label());
  }

  @Test
  void checkpointInProgressWhenATaskFailsIsAbortedWithoutCountingAsAFailedCheckpoint() {
    twoWorkers(2);
    start(settings().put("checkpoint", TestSettings.manualCheckpoints(tmp.resolve("checkpoints")).put("tolerable-failures", 0)));
    Future<CheckpointMetadata> inProgress = master.checkpoints().trigger(CheckpointCoordinator.Kind.PERIODIC, null);

    master.onTaskMessage(taskFailed(execution(sinkTask(), 1).attempt(), "boom"));

    assertThat(inProgress.failed()).isTrue();
    assertThat(master.checkpoints().history()).singleElement()
        .satisfies(s -> assertThat(s.status()).isEqualTo(io.weir.checkpoint.CheckpointStats.Status.ABORTED));
    ctx.advance(RESTART_DELAY);
    assertThat(master.failures()).as("no second failure from checkpointing").hasSize(1);
    assertThat(master.status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void restartWithoutACompletedCheckpointStartsTheTasksFromNothing() {
    twoWorkers(2);
    start(settings());
    gateway.clear();

    master.onTaskMessage(taskFailed(execution(sourceTask(), 0).attempt(), "boom"));
    ctx.advance(RESTART_DELAY);

    assertThat(gateway.deploys).isNotEmpty().allSatisfy(d -> {
      assertThat(d.deploy().restore()).as("no checkpoint, no operator state").isEqualTo(new TaskRestore.NoCheckpointYet());
    });
  }

  @Test
  void reportsFromTheOldAttemptAreIgnoredAfterTheRestart() {
    twoWorkers(2);
    start(settings());
    TaskAttempt old = execution(sourceTask(), 0).attempt();
    TaskAttempt oldSink = execution(sinkTask(), 0).attempt();
    master.onTaskMessage(taskFailed(old, "boom"));
    ctx.advance(RESTART_DELAY);
    assertThat(execution(sourceTask(), 0).attempt()).isNotEqualTo(old);

    master.onTaskMessage(taskFailed(old, "late news from a zombie"));
    master.onTaskMessage(taskFailed(oldSink, "another zombie"));
    for (TaskAttempt a : currentAttempts()) {
      master.onTaskMessage(new TaskInputEnded(a.equals(execution(sinkTask(), 0).attempt()) ? oldSink : a));
    }

    assertThat(master.failures()).hasSize(1);
    assertThat(master.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(gateway.sent(TriggerCheckpoint.class))
        .as("the old sink's end of input does not count: no final checkpoint").isEmpty();
  }

  @Test
  void failureReportedByATaskAlreadyCancelledForTheRestartIsNotAnotherFailure() {
    twoWorkers(2);
    start(settings().put("restart", restart(1)));
    TaskAttempt failed = execution(sourceTask(), 0).attempt();
    TaskAttempt cancelled = execution(sinkTask(), 0).attempt();

    master.onTaskMessage(taskFailed(failed, "boom"));
    master.onTaskMessage(taskFailed(cancelled, "its input channel closed"));
    ctx.advance(RESTART_DELAY);

    assertThat(master.failures()).hasSize(1);
    assertThat(master.status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void workerLostWhileItsTasksAreCancelledForARestartIsNotAnotherFailureAndDoesNotDelayTheRestart() {
    twoWorkers(2);
    gateway.answerCancels = false; // the dead worker will never confirm its cancels
    start(settings().put("failover", "full").put("restart", restart(1)));
    master.onTaskMessage(taskFailed(execution(sourceTask(), 0).attempt(), "boom"));
    assertThat(gateway.cancels).as("every task is being cancelled").hasSize(4);

    workers.nodeLeft("node-2", ctx.now());
    gateway.cancels.stream().filter(c -> c.worker().equals("w-1")).forEach(c -> c.reply().tryComplete());
    ctx.advance(RESTART_DELAY);

    assertThat(master.failures()).as("the lost worker only held tasks already being restarted").hasSize(1);
    assertThat(master.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(currentAttempts()).allSatisfy(a -> assertThat(a.attempt()).isEqualTo(1));
    assertThat(master.executions()).allSatisfy(e -> assertThat(e.slot().worker()).isEqualTo("w-1"));
  }

  @Test
  void aSinkThatCannotBeSetUpIsNamedWithItsSubtaskAndWorkerInTheCause() {
    twoWorkers(2);
    start(settings());
    Execution sink = execution(sinkTask(), 1);

    master.onTaskMessage(new TaskFailed(sink.attempt(), "cannot create output directory /proc/x: No such file or directory",
        "trace", "deployment", ctx.now(), Optional.empty(), "output"));

    assertThat(master.failures()).extracting(FailureRecord::cause).containsExactly("sink 'output' (task 2/2 on "
        + sink.slot().worker() + "): cannot create output directory /proc/x: No such file or directory");
  }

  @Test
  void restartStrategyThatGivesUpFailsTheJobWithACauseNamingIt() {
    twoWorkers(2);
    start(settings().put("restart", restart(1)));
    master.onTaskMessage(taskFailed(execution(sourceTask(), 0).attempt(), "first boom"));
    ctx.advance(RESTART_DELAY);
    assertThat(master.status()).isEqualTo(JobStatus.RUNNING);

    master.onTaskMessage(taskFailed(execution(sinkTask(), 1).attempt(), "second boom"));

    assertThat(master.status()).isEqualTo(JobStatus.FAILED);
    String strategy = RestartStrategy.from(master.config().restart()).describe();
    assertThat(master.failureCause()).contains("second boom").contains(strategy).contains("gives up");
    assertThat(master.failures()).extracting(FailureRecord::outcome).last().isEqualTo("job failed");
    assertThat(workers.freeSlots()).as("the failed job gives its slots back").isEqualTo(workers.totalSlots());
    ctx.advance(10 * RESTART_DELAY);
    assertThat(master.status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void workerLostWithTooFewSlotsLeftMakesTheJobWaitAndDeployWhenAWorkerRegisters() {
    twoWorkers(1);
    start(settings());
    List<TaskAttempt> onLostWorker = master.executions().stream().filter(e -> e.slot().worker().equals("w-2"))
        .map(Execution::attempt).toList();
    assertThat(onLostWorker).hasSize(2);
    gateway.clear();

    workers.nodeLeft("node-2", ctx.now());
    ctx.advance(RESTART_DELAY);

    assertThat(master.waitingFor()).contains("waiting for 1 free slots");
    assertThat(gateway.deploys).isEmpty();
    assertThat(master.failures()).singleElement().satisfies(f -> assertThat(f.cause()).contains("w-2"));

    workers.register("w-3", "i-3", "node-3", 1, ctx.now());

    assertThat(gateway.deploys).hasSize(2).allSatisfy(d -> assertThat(d.worker()).isEqualTo("w-3"));
    assertThat(gateway.deployed()).extracting(TaskAttempt::task)
        .containsExactlyInAnyOrderElementsOf(onLostWorker.stream().map(TaskAttempt::task).toList());
    assertThat(master.waitingFor()).isNull();
    assertThat(master.status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void aJobThatWaitsForSlotsLongerThanTheSlotTimeoutFailsSayingWhy() {
    twoWorkers(1);
    start(settings().put("scheduling", new JsonObject().put("slot-timeout", "10s")));
    workers.nodeLeft("node-2", ctx.now());
    ctx.advance(RESTART_DELAY);
    assertThat(master.waitingFor()).contains("waiting for 1 free slots");

    ctx.advance(9_000);
    assertThat(master.status()).isEqualTo(JobStatus.RESTARTING);
    ctx.advance(1_000);

    assertThat(master.status()).isEqualTo(JobStatus.FAILED);
    assertThat(master.failureCause()).contains("scheduling.slot-timeout (10.0s)").contains("waiting for 1 free slots")
        .contains("add workers or lower the parallelism");
    assertThat(master.waitingFor()).isNull();
    workers.register("w-3", "i-3", "node-3", 1, ctx.now());
    assertThat(master.status()).as("a failed job deploys nothing").isEqualTo(JobStatus.FAILED);
  }

  @Test
  void slotsThatArriveBeforeTheSlotTimeoutLeaveTheJobRunning() {
    twoWorkers(1);
    start(settings().put("scheduling", new JsonObject().put("slot-timeout", "10s")));
    workers.nodeLeft("node-2", ctx.now());
    ctx.advance(RESTART_DELAY);
    workers.register("w-3", "i-3", "node-3", 1, ctx.now());

    ctx.advance(20_000);

    assertThat(master.status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void failureDuringRecoveryMergesIntoOneRestart() {
    twoWorkers(2);
    start(settings());
    gateway.clear();

    master.onTaskMessage(taskFailed(execution(sourceTask(), 0).attempt(), "first boom"));
    ctx.advance(RESTART_DELAY / 2);
    master.onTaskMessage(taskFailed(execution(sourceTask(), 1).attempt(), "second boom"));
    ctx.advance(RESTART_DELAY / 2);
    assertThat(gateway.deploys).as("the first failure's restart was superseded").isEmpty();
    ctx.advance(RESTART_DELAY);

    assertThat(gateway.deployed()).extracting(TaskAttempt::task)
        .containsExactlyInAnyOrderElementsOf(master.graph().allSubtasks());
    assertThat(gateway.deployed()).extracting(TaskAttempt::attempt).as("one deployment").containsOnly(1);
    assertThat(master.failures()).extracting(FailureRecord::outcome)
        .containsExactly("superseded by failure 2", "restarting");
    ctx.advance(10 * RESTART_DELAY);
    assertThat(gateway.deploys).hasSize(4);
  }

  @Test
  void theRestartWaitsForTheLaterOfTheRestartDelayAndTheCancellation() {
    twoWorkers(2);
    start(settings());
    gateway.answerCancels = false;
    master.onTaskMessage(new TaskFailed(execution(sourceTask(), 0).attempt(), "boom", "trace", "", ctx.now(),
        Optional.empty()));
    int before = gateway.deploys.size();

    ctx.advance(RESTART_DELAY + 50);
    assertThat(gateway.deploys).as("nothing deployed while tasks still cancel, past the delay").hasSize(before);
    gateway.answerPendingCancels();
    ctx.advance(1);

    assertThat(gateway.deploys.size()).as("deployed once the cancellation ended").isGreaterThan(before);
    assertThat(master.failures().get(0).deployedAt()).isEqualTo(master.failures().get(0).cancelledAt());
  }

  @Test
  void failureHistoryRecordsTheTimingsOfTheRecovery() {
    twoWorkers(2);
    start(settings());
    gateway.answerCancels = false;
    long failedAt = ctx.now() - 5;
    master.onTaskMessage(new TaskFailed(execution(sourceTask(), 0).attempt(), "boom", "trace", "after 17 records",
        failedAt, Optional.empty()));
    long detectedAt = ctx.now();

    ctx.advance(20);
    gateway.answerPendingCancels();
    ctx.advance(RESTART_DELAY - 20); // the restart delay counts from the failure, while the tasks cancel
    long restoredAt = ctx.now() + 30;
    for (TaskAttempt a : currentAttempts()) {
      master.onTaskMessage(new TaskRunning(a, restoredAt, 0));
    }
    master.onTaskMessage(new TaskFirstRecord(execution(sourceTask(), 0).attempt(), restoredAt + 5));
    assertThat(master.failures().get(0).firstRecordAt()).as("a source's first record is not the end of recovery")
        .isZero();
    master.onTaskMessage(new TaskFirstRecord(execution(sinkTask(), 0).attempt(), restoredAt + 20));

    FailureRecord f = master.failures().get(0);
    assertThat(f.failedAt()).isEqualTo(failedAt);
    assertThat(f.detectedAt()).isEqualTo(detectedAt);
    assertThat(f.cancelledAt()).isEqualTo(detectedAt + 20);
    assertThat(f.deployedAt()).isEqualTo(detectedAt + RESTART_DELAY);
    assertThat(f.restoredAt()).isEqualTo(restoredAt);
    assertThat(f.firstRecordAt()).isEqualTo(restoredAt + 20);
    assertThat(f.outcome()).isEqualTo("recovered");
    assertThat(f.toJson().getJsonObject("timings").getLong("firstRecordMs")).isEqualTo(restoredAt + 20 - failedAt);
  }

  @Test
  void aRecoveryEndsOnlyWhenEveryRestartedTaskRestoredEvenIfASinkProcessedARecordBefore() {
    twoWorkers(2);
    start(settings());
    master.onTaskMessage(new TaskFailed(execution(sourceTask(), 0).attempt(), "boom", "trace", "", ctx.now(), Optional.empty()));
    ctx.advance(RESTART_DELAY);
    List<TaskAttempt> restarted = currentAttempts().stream().filter(a -> a.attempt() > 0).toList();
    assertThat(restarted).hasSizeGreaterThan(1);
    long t = ctx.now();
    TaskAttempt slow = execution(sourceTask(), 0).attempt();
    for (TaskAttempt a : restarted) {
      if (a != slow) {
        master.onTaskMessage(new TaskRunning(a, t + 10, 0));
      }
    }
    master.onTaskMessage(new TaskFirstRecord(execution(sinkTask(), 0).attempt(), t + 20));
    FailureRecord f = master.failures().get(0);
    assertThat(f.firstRecordAt()).isEqualTo(t + 20);
    assertThat(f.outcome()).as("one task has not restored yet").isEqualTo("restarting");

    master.onTaskMessage(new TaskRunning(slow, t + 50, 0));
    assertThat(f.outcome()).isEqualTo("recovered");
    assertThat(f.restoredAt()).as("the last task's restore").isEqualTo(t + 50);
  }

  // ---------------------------------------------------------------- finishing and cancelling

  @Test
  void endOfInputEverywhereTriggersAFinalCheckpointThenFinishTaskAndTheJobFinishesAndDeletesItsCheckpoints() {
    twoWorkers(2);
    start(settings());
    List<TaskAttempt> all = currentAttempts();

    for (TaskAttempt a : all.subList(0, 3)) {
      master.onTaskMessage(new TaskInputEnded(a));
    }
    assertThat(gateway.sent(TriggerCheckpoint.class)).as("one task still has input").isEmpty();
    master.onTaskMessage(new TaskInputEnded(all.get(3)));

    assertThat(gateway.sentTo(TriggerCheckpoint.class)).containsExactlyInAnyOrder(
        execution(sourceTask(), 0).attempt(), execution(sourceTask(), 1).attempt());
    long finalId = gateway.sent(TriggerCheckpoint.class).get(0).barrier().id().value();
    for (TaskAttempt a : all.subList(0, 3)) {
      master.onTaskMessage(ack(a, finalId));
    }
    assertThat(gateway.sent(FinishTask.class)).as("not before the final checkpoint completes").isEmpty();
    master.onTaskMessage(ack(all.get(3), finalId));

    assertThat(gateway.sentTo(CheckpointComplete.class)).containsExactlyInAnyOrderElementsOf(all);
    assertThat(gateway.sentTo(FinishTask.class)).containsExactlyInAnyOrderElementsOf(all);
    assertThat(master.checkpoints().history()).singleElement().satisfies(s -> assertThat(s.isFinal()).isTrue());

    for (TaskAttempt a : all.subList(0, 3)) {
      master.onTaskMessage(new TaskFinished(a));
    }
    assertThat(master.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(jobCheckpointFolder().resolve("chk-" + finalId)).isDirectory();
    master.onTaskMessage(new TaskFinished(all.get(3)));

    assertThat(master.status()).isEqualTo(JobStatus.FINISHED);
    assertThat(workers.freeSlots()).isEqualTo(workers.totalSlots());
    assertThat(jobCheckpointFolder()).as("a finished job's checkpoints are never restored").doesNotExist();
    assertThat(master.checkpoints().retained()).isEmpty();
  }

  @Test
  void cancelUndeploysEveryTaskAndTheJobIsCanceledOnceTheyAreAndKeepsItsCheckpoints() {
    twoWorkers(2);
    start(settings());
    CheckpointMetadata checkpoint = completeCheckpoint();
    List<TaskAttempt> all = currentAttempts();
    gateway.clear();
    gateway.answerCancels = false;

    Future<Void> cancelled = master.cancel();

    assertThat(master.status()).isEqualTo(JobStatus.CANCELLING);
    assertThat(gateway.cancelled()).containsExactlyInAnyOrderElementsOf(all);
    gateway.answerPendingCancels();
    assertThat(cancelled.succeeded()).isTrue();
    assertThat(master.status()).isEqualTo(JobStatus.CANCELED);
    assertThat(workers.freeSlots()).isEqualTo(workers.totalSlots());

    master.onTaskMessage(taskFailed(all.get(0), "cancelled tasks may complain"));
    assertThat(master.status()).isEqualTo(JobStatus.CANCELED);
    assertThat(master.failures()).isEmpty();
    assertThat(jobCheckpointFolder().resolve("chk-" + checkpoint.id())).as("kept to resume from").isDirectory();
  }

  @Test
  void cancelDuringTheRestartDelayStopsTheRestart() {
    twoWorkers(2);
    start(settings());
    master.onTaskMessage(taskFailed(execution(sourceTask(), 0).attempt(), "boom"));
    gateway.clear();

    master.cancel();
    ctx.advance(10 * RESTART_DELAY);

    assertThat(master.status()).isEqualTo(JobStatus.CANCELED);
    assertThat(gateway.deploys).isEmpty();
  }

  @Test
  void whileTheFinalCheckpointIsUnderWayTheJobShowsAsRunningAndTakesNoOtherCheckpoint() {
    twoWorkers(2);
    start(settings());

    for (TaskAttempt a : currentAttempts()) {
      master.onTaskMessage(new TaskInputEnded(a));
    }

    assertThat(master.phase()).isEqualTo(JobPhase.FINISHING);
    assertThat(master.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(master.toJson().getString("state")).isEqualTo("RUNNING");
    assertThat(master.canCheckpoint()).as("no checkpoint after the final one").isFalse();
  }

  @Test
  void stopWithSavepointCancelsTheJobRightAfterTheSavepointCompletes() {
    twoWorkers(2);
    start(settings());

    Future<CheckpointMetadata> stopped = master.stopWithSavepoint(tmp.resolve("savepoints").toString());

    assertThat(master.phase()).isEqualTo(JobPhase.STOPPING);
    assertThat(master.toJson().getString("state")).isEqualTo("RUNNING");
    long savepointId = lastTriggeredCheckpoint();
    for (TaskAttempt a : currentAttempts()) {
      master.onTaskMessage(ack(a, savepointId));
    }
    assertThat(stopped.succeeded()).isTrue();
    assertThat(stopped.result().savepoint()).isTrue();
    assertThat(master.status()).isEqualTo(JobStatus.CANCELED);
  }

  @Test
  void stopWithSavepointThatFailsLeavesTheJobRunningWithCheckpoints() {
    twoWorkers(2);
    start(settings());

    Future<CheckpointMetadata> stopped = master.stopWithSavepoint(tmp.resolve("savepoints").toString());
    TaskAttempt decliner = currentAttempts().get(0);
    master.onTaskMessage(new DeclineCheckpoint(decliner, new CheckpointId(lastTriggeredCheckpoint()), "not now"));

    assertThat(stopped.failed()).isTrue();
    assertThat(master.phase()).isEqualTo(JobPhase.RUNNING);
    assertThat(master.canCheckpoint()).isTrue();
    assertThat(master.stopWithSavepoint(tmp.resolve("savepoints").toString()).failed())
        .as("it may be stopped again").isFalse();
  }

  @Test
  void stopWithSavepointIsRefusedWhileTheJobRestarts() {
    twoWorkers(2);
    start(settings());
    master.onTaskMessage(taskFailed(execution(sourceTask(), 0).attempt(), "boom"));

    Future<CheckpointMetadata> stopped = master.stopWithSavepoint(tmp.resolve("savepoints").toString());

    assertThat(stopped.failed()).isTrue();
    assertThat(stopped.cause().getMessage()).contains("is RESTARTING (restarting tasks)").contains("cannot be stopped");
  }

  @Test
  void reportsFromAnAttemptBeingCancelledForARestartMoveNothing() {
    twoWorkers(2);
    gateway.answerCancels = false;
    start(settings().put("failover", "region"));
    TaskAttempt cancelled = execution(sinkTask(), 0).attempt();
    master.onTaskMessage(taskFailed(execution(sourceTask(), 0).attempt(), "boom"));
    assertThat(execution(sinkTask(), 0).state()).isEqualTo(TaskState.CANCELING);

    master.onTaskMessage(new TaskFinished(cancelled));
    master.onTaskMessage(new TaskInputEnded(cancelled));

    assertThat(execution(sinkTask(), 0).state()).isEqualTo(TaskState.CANCELING);
    assertThat(master.status()).isEqualTo(JobStatus.RESTARTING);
    gateway.answerPendingCancels();
    ctx.advance(RESTART_DELAY);
    assertThat(master.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(master.failures()).hasSize(1);
  }

  // ---------------------------------------------------------------- helpers

  private long lastTriggeredCheckpoint() {
    List<TriggerCheckpoint> triggers = gateway.sent(TriggerCheckpoint.class);
    return triggers.get(triggers.size() - 1).barrier().id().value();
  }

  private Path jobCheckpointFolder() {
    return tmp.resolve("checkpoints").resolve(id.value());
  }

  /** The test's job settings: no periodic checkpoints (tests trigger them), fixed-delay restarts. */
  private JsonObject settings() {
    return new JsonObject().put("checkpoint", TestSettings.manualCheckpoints(tmp.resolve("checkpoints")))
        .put("restart", restart(10));
  }

  private static JsonObject restart(int attempts) {
    return TestSettings.fixedDelayRestart(attempts, Duration.ofMillis(RESTART_DELAY));
  }

  /** Workers w-1 on node-1 and w-2 on node-2, with {@code slots} slots each. */
  private void twoWorkers(int slots) {
    workers.register("w-1", "i-1", "node-1", slots, ctx.now());
    workers.register("w-2", "i-2", "node-2", slots, ctx.now());
  }

  private void start(JsonObject settings) {
    JobSpec spec = new JobSpec(TestJobs.ForwardJob.class.getName(), List.of(), 2, settings);
    JobSpec.Built built = spec.build(clusterConfig);
    DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(tmp.resolve("checkpoints"));
    master = new JobMaster(id, spec, built, clusterConfig.toJson(), storage, ctx, gateway, workers, EPOCH, null);
    master.start();
  }

  private TaskVertex sourceTask() {
    return master.graph().tasks().stream().filter(TaskVertex::isSource).findFirst().orElseThrow();
  }

  private TaskVertex sinkTask() {
    return master.graph().tasks().stream().filter(TaskVertex::hasSink).findFirst().orElseThrow();
  }

  private TaskVertex otherTask(int taskVertex) {
    return taskVertex == sourceTask().id() ? sinkTask() : sourceTask();
  }

  private Execution execution(TaskVertex task, int subtask) {
    TaskId t = new TaskId(task.id(), subtask);
    return master.executions().stream().filter(e -> e.attempt().task().equals(t)).findFirst().orElseThrow();
  }

  private List<TaskAttempt> currentAttempts() {
    return master.executions().stream().map(Execution::attempt).toList();
  }

  private static TaskFailed taskFailed(TaskAttempt a, String error) {
    return new TaskFailed(a, error, "stack trace of " + error, "", 0, Optional.empty());
  }

  private AcknowledgeCheckpoint ack(TaskAttempt a, long checkpointId) {
    return CheckpointAcks.withTailState(master.graph(), a, checkpointId);
  }

  private CheckpointMetadata completeCheckpoint() {
    Future<CheckpointMetadata> done = master.checkpoints().trigger(CheckpointCoordinator.Kind.PERIODIC, null);
    long checkpointId = gateway.sent(TriggerCheckpoint.class).get(gateway.sent(TriggerCheckpoint.class).size() - 1)
        .barrier().id().value();
    for (TaskAttempt a : currentAttempts()) {
      master.onTaskMessage(ack(a, checkpointId));
    }
    assertThat(done.succeeded()).as("checkpoint %s completed", checkpointId).isTrue();
    return done.result();
  }
}
