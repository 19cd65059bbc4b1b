package io.weir.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeCoordinatorContextTest {

  @Test
  void timersFireInDueOrderAtTheirDueTimeWhileTheClockAdvances() throws Exception {
    try (FakeCoordinatorContext ctx = new FakeCoordinatorContext(1_000)) {
      List<String> fired = new ArrayList<>();
      ctx.setTimer(30, () -> fired.add("b@" + ctx.now()));
      ctx.setTimer(10, () -> fired.add("a@" + ctx.now()));
      long cancelled = ctx.setTimer(20, () -> fired.add("never"));
      ctx.cancelTimer(cancelled);

      ctx.advance(9);
      assertThat(fired).isEmpty();
      ctx.advance(100);

      assertThat(fired).containsExactly("a@1010", "b@1030");
      assertThat(ctx.now()).isEqualTo(1_109);
      assertThat(ctx.pendingTimers()).isZero();
    }
  }

  @Test
  void periodicTimerRepeatsUntilCancelledAndTimersSetByTimersFireInTheSameAdvance() throws Exception {
    try (FakeCoordinatorContext ctx = new FakeCoordinatorContext(0)) {
      List<Long> ticks = new ArrayList<>();
      long periodic = ctx.setPeriodic(100, () -> ticks.add(ctx.now()));
      List<Long> chained = new ArrayList<>();
      ctx.setTimer(50, () -> ctx.setTimer(50, () -> chained.add(ctx.now())));

      ctx.advance(350);
      ctx.cancelTimer(periodic);
      ctx.advance(1_000);

      assertThat(ticks).containsExactly(100L, 200L, 300L);
      assertThat(chained).containsExactly(100L);
    }
  }

  @Test
  void executeBlockingRunsInlineAndReportsFailures() throws Exception {
    try (FakeCoordinatorContext ctx = new FakeCoordinatorContext(0)) {
      assertThat(ctx.executeBlocking(() -> 42).result()).isEqualTo(42);
      var failed = ctx.executeBlocking(() -> {
        throw new IllegalStateException("disk full");
      });
      assertThat(failed.failed()).isTrue();
      assertThat(failed.cause()).hasMessage("disk full");
    }
  }
}
