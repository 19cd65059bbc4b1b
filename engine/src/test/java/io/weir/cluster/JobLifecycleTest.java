package io.weir.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.cluster.protocol.TaskAttempt;
import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;
import io.weir.runtime.task.TaskState;
import io.weir.testing.FakeCoordinatorContext;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The job's phases and their checked transitions, the turn guard, and the checked moves of a task attempt. */
class JobLifecycleTest {
  private final FakeCoordinatorContext ctx = new FakeCoordinatorContext(1_000);

  @AfterEach
  void tearDown() throws Exception {
    ctx.close();
  }

  @Test
  void everyPhaseShowsWithTheStateNamesUsersKnow() {
    Map<JobPhase, String> shown = Map.of(JobPhase.CREATED, "CREATED", JobPhase.RUNNING, "RUNNING",
        JobPhase.FINISHING, "RUNNING", JobPhase.STOPPING, "RUNNING", JobPhase.RESTARTING, "RESTARTING",
        JobPhase.CANCELLING, "CANCELLING", JobPhase.FINISHED, "FINISHED", JobPhase.CANCELED, "CANCELED",
        JobPhase.FAILED, "FAILED");
    for (JobPhase p : JobPhase.values()) {
      assertThat(p.status().name()).as("%s", p).isEqualTo(shown.get(p));
    }
  }

  @Test
  void illegalTransitionsFailLoudly() {
    assertThat(JobPhase.RUNNING.moveTo(JobPhase.FINISHING)).isEqualTo(JobPhase.FINISHING);
    assertThat(JobPhase.RESTARTING.moveTo(JobPhase.RESTARTING)).as("a failure during a restart").isEqualTo(JobPhase.RESTARTING);
    assertThatThrownBy(() -> JobPhase.CREATED.moveTo(JobPhase.FINISHED)).hasMessageContaining("CREATED -> FINISHED");
    assertThatThrownBy(() -> JobPhase.CANCELLING.moveTo(JobPhase.RUNNING)).isInstanceOf(IllegalStateException.class);
    for (JobPhase end : new JobPhase[] {JobPhase.FINISHED, JobPhase.CANCELED, JobPhase.FAILED}) {
      for (JobPhase p : JobPhase.values()) {
        assertThatThrownBy(() -> end.moveTo(p)).as("%s -> %s", end, p).isInstanceOf(IllegalStateException.class);
      }
    }
  }

  @Test
  void workStartedInATurnIsCurrentUntilTheJobMovesOnEvenToTheSamePhase() {
    JobLifecycle lifecycle = new JobLifecycle(ctx);
    lifecycle.moveTo(JobPhase.RUNNING);
    lifecycle.moveTo(JobPhase.RESTARTING);
    JobLifecycle.Turn firstRestart = lifecycle.turn();
    assertThat(lifecycle.stillIn(firstRestart)).isTrue();

    lifecycle.moveTo(JobPhase.RESTARTING);

    assertThat(lifecycle.stillIn(firstRestart)).as("superseded by the second failure").isFalse();
    assertThat(lifecycle.stillIn(lifecycle.turn())).isTrue();
  }

  @Test
  void lifecycleRecordsWhenTheJobFirstRanAndEnded() {
    JobLifecycle lifecycle = new JobLifecycle(ctx);
    ctx.advance(10);
    lifecycle.moveTo(JobPhase.RUNNING);
    ctx.advance(10);
    lifecycle.moveTo(JobPhase.RESTARTING);
    lifecycle.moveTo(JobPhase.RUNNING);
    ctx.advance(10);
    lifecycle.moveTo(JobPhase.CANCELLING);
    lifecycle.moveTo(JobPhase.CANCELED);

    assertThat(lifecycle.createdAt()).isEqualTo(1_000);
    assertThat(lifecycle.runningSince()).isEqualTo(1_010);
    assertThat(lifecycle.endedAt()).isEqualTo(1_030);
  }

  @Test
  void anIllegalMoveOfATaskAttemptFailsLoudly() {
    Execution e = new Execution(new TaskAttempt(new JobId("job-1a2b3c"), new TaskId(0, 0), 0), new Slot("w-1", "i-1", 0));
    e.moveTo(TaskState.DEPLOYING);
    e.moveTo(TaskState.RUNNING);
    e.moveTo(TaskState.CANCELING);

    assertThatThrownBy(() -> e.moveTo(TaskState.FINISHED)).hasMessageContaining("CANCELING -> FINISHED");
    assertThatThrownBy(() -> e.moveTo(TaskState.CANCELING)).as("no silent repeat").isInstanceOf(IllegalStateException.class);
    assertThat(e.state()).isEqualTo(TaskState.CANCELING);
  }
}
