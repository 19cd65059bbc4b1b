package io.weir.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.weir.checkpoint.CheckpointCoordinator;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.TaskStateSnapshot;
import io.weir.cluster.ha.CheckpointPointer;
import io.weir.cluster.ha.JobStore;
import io.weir.cluster.ha.JobUpdate;
import io.weir.cluster.ha.StaleEpochException;
import io.weir.cluster.ha.StoredJob;
import io.weir.cluster.protocol.AcknowledgeCheckpoint;
import io.weir.cluster.protocol.CheckpointComplete;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskFailed;
import io.weir.cluster.protocol.TaskRestore;
import io.weir.cluster.protocol.TriggerCheckpoint;
import io.weir.config.WeirConfig;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import io.weir.runtime.graph.TaskVertex;
import io.weir.testing.FakeCoordinatorContext;
import io.weir.testing.FakeGateway;
import io.weir.testing.TestJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader's job store journal and a new leader's takeover, with a fake clock, fake gateways and an
 * in-memory job store shared by two job managers (the old leader of epoch 1 and the new one of 2).
 */
class JobTakeoverTest {
  @TempDir
  Path tmp;

  private FakeCoordinatorContext ctx;
  private WeirConfig config;
  private final List<String> storeWrites = new ArrayList<>();
  private FakeGateway oldGateway;
  private final JobStore memory = new JobStore.InMemory();
  /** The in-memory store, noting how many commits the old leader had sent when each checkpoint was stored. */
  private final JobStore store = new MemoryBacked() {
    @Override
    public void completeCheckpoint(long epoch, JobId id, CheckpointPointer pointer) {
      storeWrites.add("checkpoint " + pointer.checkpointId() + " stored after " + commits(oldGateway) + " commits");
      super.completeCheckpoint(epoch, id, pointer);
    }
  };

  /** A store whose records are {@link #memory}'s, to override one call of. */
  private class MemoryBacked extends JobStore.Base {
    @Override
    public JobUpdate.Result write(long epoch, JobId id, JobUpdate update) {
      return memory.write(epoch, id, update);
    }

    @Override
    public StoredJob get(JobId id) {
      return memory.get(id);
    }

    @Override
    public List<StoredJob> takeOver(long epoch) {
      return memory.takeOver(epoch);
    }
  }
  private final List<Long> deposedBy = new ArrayList<>();
  private final AtomicBoolean oldMayAct = new AtomicBoolean(true);

  @BeforeEach
  void setUp() {
    ctx = new FakeCoordinatorContext(1_000_000);
    config = WeirConfig.defaults().with(new JsonObject().put("checkpoint",
        new JsonObject().put("interval", "0ms").put("dir", tmp.toString())), "test");
    oldGateway = new FakeGateway(ctx);
  }

  @AfterEach
  void tearDown() throws Exception {
    ctx.close();
  }

  private static long commits(FakeGateway gateway) {
    return gateway == null ? 0 : gateway.sent(CheckpointComplete.class).size();
  }

  private JobManager leader(long epoch, ClusterGateway gateway, AtomicBoolean mayAct) {
    JobManager manager = new JobManager(config, ctx, new FencedGateway(gateway, mayAct::get), 0);
    Future<List<JobMaster>> taken = manager.lead(new JobRecords(store, epoch, ctx, mayAct::get, deposedBy::add));
    assertThat(taken.succeeded()).as("took over: %s", taken.cause()).isTrue();
    return manager;
  }

  private static void twoWorkers(JobManager manager, String incarnation) {
    manager.workers().register("w-1", incarnation + "-1", "node-1", 2, 0);
    manager.workers().register("w-2", incarnation + "-2", "node-2", 2, 0);
  }

  private static void twoMoreWorkers(JobManager manager) {
    manager.workers().register("w-3", "a-3", "node-3", 2, 0);
    manager.workers().register("w-4", "a-4", "node-4", 2, 0);
  }

  private JobMaster submit(JobManager manager) {
    Future<JobMaster> submitted = manager.submit(new JobSpec(TestJobs.ForwardJob.class.getName(), List.of(), 2, null), null);
    assertThat(submitted.succeeded()).as("submitted: %s", submitted.cause()).isTrue();
    return submitted.result();
  }

  private static long completeCheckpoint(JobMaster job, FakeGateway gateway) {
    Future<?> done = job.checkpoints().trigger(CheckpointCoordinator.Kind.PERIODIC, null);
    List<TriggerCheckpoint> triggers = gateway.sent(TriggerCheckpoint.class);
    long id = triggers.get(triggers.size() - 1).barrier().id().value();
    for (Execution e : job.executions()) {
      TaskAttempt a = e.attempt();
      TaskVertex tv = job.graph().task(a.task().vertex());
      byte[] state = (tv.tail().name() + " " + a.task().subtask()).getBytes(StandardCharsets.UTF_8);
      job.onTaskMessage(new AcknowledgeCheckpoint(a, new CheckpointId(id), new TaskStateSnapshot(null, Map.of(tv.tail().name(), state)),
          0, 0, 0));
    }
    assertThat(done.succeeded()).as("checkpoint %s completed: %s", id, done.cause()).isTrue();
    return id;
  }

  @Test
  void aCompletedCheckpointIsStoredBeforeAnySinkIsToldToCommitIt() {
    JobManager old = leader(1, oldGateway, oldMayAct);
    twoWorkers(old, "a");
    JobMaster job = submit(old);

    long checkpoint = completeCheckpoint(job, oldGateway);

    assertThat(storeWrites).containsExactly("checkpoint " + checkpoint + " stored after 0 commits");
    assertThat(commits(oldGateway)).isEqualTo(job.executions().size());
    StoredJob stored = store.get(job.id());
    assertThat(stored.latestCheckpoint().checkpointId()).isEqualTo(checkpoint);
    assertThat(stored.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(stored.epoch()).isEqualTo(1);
  }

  @Test
  void aNewLeaderRestartsEveryJobThatHasNotEndedFromItsLatestCheckpointWithAttemptsAboveTheOldLeaders() {
    JobManager old = leader(1, oldGateway, oldMayAct);
    twoWorkers(old, "a");
    JobMaster job = submit(old);
    long checkpoint = completeCheckpoint(job, oldGateway);

    FakeGateway newGateway = new FakeGateway(ctx);
    JobManager next = leader(2, newGateway, new AtomicBoolean(true));
    twoWorkers(next, "b");

    JobMaster resumed = next.job(job.id());
    assertThat(resumed).as("the job under the new leader").isNotNull();
    assertThat(resumed.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(newGateway.deploys).hasSize(job.executions().size());
    for (FakeGateway.Deploy d : newGateway.deploys) {
      assertThat(d.deploy().epoch()).isEqualTo(2);
      assertThat(d.attempt().attempt()).isEqualTo(2 * JobStart.ATTEMPTS_PER_EPOCH);
      assertThat(d.deploy().restore()).isInstanceOf(TaskRestore.FromCheckpoint.class);
      assertThat(((TaskRestore.FromCheckpoint) d.deploy().restore()).checkpointId()).isEqualTo(new CheckpointId(checkpoint));
    }
    assertThat(store.get(job.id()).epoch()).isEqualTo(2);
  }

  @Test
  void aNewLeaderTakesOverTheJobsItKnewOfByKeyFirstAndThenTheOnesOnlyAFullScanFinds() {
    JobManager old = leader(1, oldGateway, oldMayAct);
    twoWorkers(old, "a");
    twoMoreWorkers(old);
    JobMaster known = submit(old);
    JobMaster unknown = submit(old);
    List<String> reads = new ArrayList<>();
    JobStore following = new MemoryBacked() {
      @Override
      public Set<JobId> knownJobs() {
        return Set.of(known.id()); // its events had not told of the other job yet
      }

      @Override
      public List<StoredJob> takeOver(long epoch, Set<JobId> ids) {
        reads.add("by key " + ids);
        return super.takeOver(epoch, ids);
      }

      @Override
      public List<StoredJob> takeOver(long epoch) {
        reads.add("full scan");
        return memory.takeOver(epoch);
      }
    };
    JobManager next = new JobManager(config, ctx, new FakeGateway(ctx), 0);

    Future<List<JobMaster>> taken = next.lead(new JobRecords(following, 2, ctx, () -> true, deposedBy::add));

    assertThat(taken.succeeded()).as("took over: %s", taken.cause()).isTrue();
    assertThat(reads).containsExactly("by key [" + known.id() + "]", "full scan");
    assertThat(taken.result()).extracting(JobMaster::id).containsExactly(known.id(), unknown.id());
    assertThat(memory.get(known.id()).epoch()).isEqualTo(2);
    assertThat(memory.get(unknown.id()).epoch()).isEqualTo(2);
  }

  @Test
  void aJobTakenOverBeforeItsFirstCheckpointRestartsFromNoCheckpointYet() {
    JobManager old = leader(1, oldGateway, oldMayAct);
    twoWorkers(old, "a");
    JobMaster job = submit(old);

    FakeGateway newGateway = new FakeGateway(ctx);
    JobManager next = leader(2, newGateway, new AtomicBoolean(true));
    twoWorkers(next, "b");

    assertThat(next.job(job.id())).isNotNull();
    assertThat(newGateway.deploys).isNotEmpty()
        .allSatisfy(d -> assertThat(d.deploy().restore()).isInstanceOf(TaskRestore.NoCheckpointYet.class));
  }

  @Test
  void theOldLeadersLateCheckpointIsRefusedByTheStoreAndNoSinkIsToldToCommitIt() {
    JobManager old = leader(1, oldGateway, oldMayAct);
    twoWorkers(old, "a");
    JobMaster job = submit(old);
    completeCheckpoint(job, oldGateway);
    leader(2, new FakeGateway(ctx), new AtomicBoolean(true));
    long commitsBefore = commits(oldGateway);

    Future<?> late = job.checkpoints().trigger(CheckpointCoordinator.Kind.PERIODIC, null);
    long id = oldGateway.sent(TriggerCheckpoint.class).get(oldGateway.sent(TriggerCheckpoint.class).size() - 1).barrier().id().value();
    for (Execution e : job.executions()) {
      TaskVertex tv = job.graph().task(e.attempt().task().vertex());
      job.onTaskMessage(new AcknowledgeCheckpoint(e.attempt(), new CheckpointId(id), new TaskStateSnapshot(null,
          Map.of(tv.tail().name(), new byte[] {1})), 0, 0, 0));
    }

    assertThat(late.failed()).isTrue();
    assertThat(late.cause()).hasMessageContaining("job store");
    assertThat(commits(oldGateway)).isEqualTo(commitsBefore);
    assertThat(deposedBy).containsExactly(2L);
    assertThat(store.get(job.id()).latestCheckpoint().checkpointId()).isLessThan(id);
  }

  @Test
  void aLeaderPastItsLeaseSendsNothingAndStandingDownForgetsItsJobsAndWorkers() {
    JobManager old = leader(1, oldGateway, oldMayAct);
    twoWorkers(old, "a");
    JobMaster job = submit(old);
    int sent = oldGateway.sent.size();
    int deploys = oldGateway.deploys.size();

    oldMayAct.set(false);
    Future<?> checkpoint = job.checkpoints().trigger(CheckpointCoordinator.Kind.PERIODIC, null);
    job.onTaskMessage(new io.weir.cluster.protocol.TaskFailed(job.executions().iterator().next().attempt(), "boom", "", "",
        ctx.now(), java.util.Optional.empty()));
    ctx.advance(60_000);

    assertThat(oldGateway.sent).hasSize(sent);
    assertThat(oldGateway.deploys).hasSize(deploys);
    assertThat(checkpoint.isComplete() && checkpoint.succeeded()).isFalse();
    old.standDown();
    assertThat(old.jobs()).isEmpty();
    assertThat(old.workers().workers()).isEmpty();
    assertThat(old.leading()).isFalse();
  }

  @Test
  void aJobMasterAbandonedMidRestartDoesNothingMoreAndNeverEndsTheJob() {
    JobManager old = leader(1, oldGateway, oldMayAct);
    twoWorkers(old, "a");
    JobMaster job = submit(old);
    int deploys = oldGateway.deploys.size();
    TaskAttempt failed = job.executions().iterator().next().attempt();
    job.onTaskMessage(new TaskFailed(failed, "boom", "", "", ctx.now(), Optional.empty()));
    assertThat(job.status()).isEqualTo(JobStatus.RESTARTING);

    old.standDown(); // the lead is lost while the restart waits
    job.onTaskMessage(new TaskFailed(failed, "late boom", "", "", ctx.now(), Optional.empty()));
    ctx.advance(60_000);

    assertThat(oldGateway.deploys).as("no deploy after the lead was lost").hasSize(deploys);
    assertThat(job.failures()).as("a failure after the lead was lost is not even recorded").hasSize(1);
    assertThat(job.status()).as("it never ends the job: the next leader runs it").isEqualTo(JobStatus.RESTARTING);
  }

  @Test
  void jobsLoadedAfterTheLeadEndedAreNotStarted() {
    JobManager old = leader(1, oldGateway, oldMayAct);
    twoWorkers(old, "a");
    JobMaster job = submit(old);
    JobManager[] next = new JobManager[1];
    JobStore deposedWhileLoading = new MemoryBacked() {
      @Override
      public List<StoredJob> takeOver(long epoch) {
        List<StoredJob> jobs = memory.takeOver(epoch);
        next[0].standDown(); // the lead ends while the store answers
        return jobs;
      }
    };
    next[0] = new JobManager(config, ctx, new FakeGateway(ctx), 0);

    Future<List<JobMaster>> taken = next[0].lead(new JobRecords(deposedWhileLoading, 2, ctx, () -> true, deposedBy::add));

    assertThat(taken.failed()).isTrue();
    assertThat(taken.cause()).hasMessageContaining("ended while its jobs were loading");
    assertThat(next[0].job(job.id())).isNull();
  }

  @Test
  void aWriteRefusedForANewerEpochNamesBoth() {
    store.create(5, StoredJob.submitted(new JobId("forward-test-0000bb"), new JobSpec(TestJobs.ForwardJob.class.getName(),
        List.of(), 1, null), new JsonObject(), null));
    JobRecords records = new JobRecords(store, 4, ctx, () -> true, deposedBy::add);

    Future<Void> write = records.checkpointCompleted(new JobId("forward-test-0000bb"), new CheckpointPointer(1, "x"));

    assertThat(write.failed()).isTrue();
    assertThat(write.cause()).isInstanceOf(StaleEpochException.class).hasMessageContaining("epoch 4")
        .hasMessageContaining("epoch 5");
    assertThat(deposedBy).containsExactly(5L);
  }
}
