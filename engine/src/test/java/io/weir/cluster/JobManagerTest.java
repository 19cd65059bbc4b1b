package io.weir.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.weir.api.UnknownJobException;
import io.weir.cluster.protocol.HeartbeatReply;
import io.weir.cluster.protocol.StartTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskFailed;
import io.weir.config.WeirConfig;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import io.weir.runtime.TaskId;
import io.weir.testing.FakeCoordinatorContext;
import io.weir.testing.FakeGateway;
import io.weir.testing.TestJobs;
import io.weir.testing.TestSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobManagerTest {
  @TempDir
  Path tmp;

  private FakeCoordinatorContext ctx;
  private FakeGateway gateway;
  private JobManager manager;

  @BeforeEach
  void setUp() {
    ctx = new FakeCoordinatorContext(1_000_000);
    gateway = new FakeGateway(ctx);
    WeirConfig config = TestSettings.config(new JsonObject().put("checkpoint", TestSettings.manualCheckpoints(tmp)));
    manager = new JobManager(config, ctx, gateway, 5);
  }

  @AfterEach
  void tearDown() throws Exception {
    ctx.close();
  }

  private JobMaster submitForwardJob() {
    Future<JobMaster> submitted = manager.submit(new JobSpec(TestJobs.ForwardJob.class.getName(), List.of(), 2, null), null);
    assertThat(submitted.succeeded()).as("submitted: %s", submitted.cause()).isTrue();
    return submitted.result();
  }

  @Test
  void submittedJobWaitsForSlotsAndDeploysWhenWorkersRegister() {
    JobMaster job = submitForwardJob();
    assertThat(job.waitingFor()).isNotNull();
    assertThat(job.id().value()).startsWith("forward-test-");

    manager.workers().register("w-1", "i-1", "node-1", 1, ctx.now());
    manager.workers().register("w-2", "i-2", "node-2", 1, ctx.now());

    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(gateway.sent(StartTask.class)).hasSize(4);
    assertThat(manager.require(job.id().value())).isSameAs(job);
  }

  @Test
  void unknownJobIsRefusedAtSubmission() {
    Future<JobMaster> submitted = manager.submit(new JobSpec("no-such-job", List.of(), 0, null), null);

    assertThat(submitted.failed()).isTrue();
    assertThat(submitted.cause()).isInstanceOf(UnknownJobException.class).hasMessageContaining("no-such-job");
    assertThat(manager.jobs()).isEmpty();
  }

  @Test
  void unknownJobIdErrorListsTheKnownIds() {
    JobMaster job = submitForwardJob();

    assertThatThrownBy(() -> manager.require("forward-test-ffffff"))
        .isInstanceOf(JobManager.UnknownJobIdException.class)
        .hasMessageContaining("forward-test-ffffff").hasMessageContaining(job.id().value());
  }

  @Test
  void taskReportsAreRoutedToTheirJobAndOtherMessagesAreNotTaskReports() {
    twoWorkers();
    JobMaster job = submitForwardJob();
    TaskAttempt attempt = job.executions().iterator().next().attempt();

    assertThat(manager.onTaskMessage(new TaskFailed(attempt, "boom", "", "", ctx.now(), Optional.empty()))).isTrue();
    assertThat(manager.onTaskMessage(new StartTask(5, attempt))).isFalse();

    assertThat(job.failures()).singleElement().satisfies(f -> assertThat(f.cause()).contains("boom"));
  }

  @Test
  void lostWorkerRestartsTheTasksItRan() {
    twoWorkers();
    JobMaster job = submitForwardJob();

    manager.workers().nodeLeft("node-2", ctx.now());

    assertThat(job.status()).isEqualTo(JobStatus.RESTARTING);
    assertThat(job.failures()).singleElement().satisfies(f -> assertThat(f.cause()).contains("w-2"));
  }

  @Test
  void heartbeatReplyListingAttemptsNoJobKnowsAsCurrentCancelsThem() {
    twoWorkers();
    JobMaster job = submitForwardJob();
    TaskAttempt current = job.executions().iterator().next().attempt();
    TaskAttempt stale = new TaskAttempt(current.job(), current.task(), current.attempt() + 7);
    TaskAttempt ofUnknownJob = new TaskAttempt(new JobId("gone-000000"), new TaskId(0, 0), 0);
    String worker = job.executions().iterator().next().slot().worker();
    gateway.clear();

    manager.onHeartbeatReply(new HeartbeatReply(worker, manager.workers().worker(worker).incarnation(), 1,
        List.of(current, stale, ofUnknownJob)));

    assertThat(gateway.cancelled()).containsExactlyInAnyOrder(stale, ofUnknownJob);
    assertThat(gateway.cancels).allSatisfy(c -> assertThat(c.cancel().reason()).contains("stale"));
  }

  @Test
  void heartbeatReplyFromAnUnknownIncarnationIsIgnored() {
    twoWorkers();
    submitForwardJob();
    gateway.clear();

    manager.onHeartbeatReply(new HeartbeatReply("w-1", "an-old-incarnation", 1,
        List.of(new TaskAttempt(new JobId("gone-000000"), new TaskId(0, 0), 0))));

    assertThat(gateway.cancels).isEmpty();
  }

  private void twoWorkers() {
    manager.workers().register("w-1", "i-1", "node-1", 2, ctx.now());
    manager.workers().register("w-2", "i-2", "node-2", 2, ctx.now());
  }
}
