package io.weir.cluster.restart;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.weir.cluster.restart.RestartStrategy.ExponentialDelayRestart;
import io.weir.cluster.restart.RestartStrategy.FailureRateRestart;
import io.weir.cluster.restart.RestartStrategy.FixedDelayRestart;
import io.weir.cluster.restart.RestartStrategy.NoRestart;
import io.weir.config.WeirConfig;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RestartStrategyTest {

  @Test
  void fixedDelayRestartsTheConfiguredNumberOfTimesWithTheSameDelayThenGivesUp() {
    RestartStrategy s = new FixedDelayRestart(3, 250);

    assertThat(s.onFailure(1_000)).hasValue(250);
    assertThat(s.onFailure(1_300)).hasValue(250);
    assertThat(s.onFailure(9_000)).hasValue(250);
    assertThat(s.onFailure(9_500)).isEmpty();
  }

  @Test
  void fixedDelayWithZeroAttemptsGivesUpAtTheFirstFailure() {
    assertThat(new FixedDelayRestart(0, 250).onFailure(0)).isEmpty();
  }

  @Test
  void exponentialDelayMultipliesEachTimeUpToTheCap() {
    RestartStrategy s = new ExponentialDelayRestart(Integer.MAX_VALUE, 100, 1_000, 2.0, 60_000);

    long t = 10_000;
    long[] delays = new long[6];
    for (int i = 0; i < delays.length; i++) {
      delays[i] = s.onFailure(t).orElseThrow();
      t += delays[i] + 10; // fails again shortly after each restart
    }

    assertThat(delays).containsExactly(100, 200, 400, 800, 1_000, 1_000);
  }

  @Test
  void exponentialDelayResetsToTheInitialDelayAfterAQuietPeriod() {
    RestartStrategy s = new ExponentialDelayRestart(Integer.MAX_VALUE, 100, 1_000, 2.0, 5_000);
    assertThat(s.onFailure(0)).hasValue(100);
    assertThat(s.onFailure(200)).hasValue(200);
    assertThat(s.onFailure(500)).hasValue(400);
    // restarted at 500 + 400 = 900; ran 4,999 ms without failing: not yet quiet long enough
    assertThat(s.onFailure(900 + 4_999)).hasValue(800);

    // restarted at 5,899 + 800 = 6,699; ran 5,000 ms without failing: back to the start
    assertThat(s.onFailure(6_699 + 5_000)).hasValue(100);
    assertThat(s.onFailure(11_800)).hasValue(200);
  }

  @Test
  void exponentialDelayStartsOverOnceACheckpointCompletedAfterTheRestart() {
    RestartStrategy s = new ExponentialDelayRestart(Integer.MAX_VALUE, 20, 60_000, 2.0, 60_000);
    assertThat(s.onFailure(0)).hasValue(20);
    assertThat(s.onFailure(100)).hasValue(40); // failed again before any checkpoint: backs off
    s.progressed(); // the restarted job completed a checkpoint
    assertThat(s.onFailure(10_000)).hasValue(20); // an unrelated failure ten seconds later restarts at once
    assertThat(s.onFailure(10_100)).hasValue(40); // the progress counted once
  }

  @Test
  void exponentialDelayGivesUpAfterItsAttemptsButCountsAgainAfterAReset() {
    RestartStrategy s = new ExponentialDelayRestart(2, 100, 1_000, 2.0, 5_000);

    assertThat(s.onFailure(0)).hasValue(100);
    assertThat(s.onFailure(150)).hasValue(200);
    assertThat(s.onFailure(400)).isEmpty();

    RestartStrategy quiet = new ExponentialDelayRestart(2, 100, 1_000, 2.0, 5_000);
    assertThat(quiet.onFailure(0)).hasValue(100);
    assertThat(quiet.onFailure(150)).hasValue(200);
    assertThat(quiet.onFailure(350 + 5_000)).as("after a quiet period the attempts start over").hasValue(100);
    assertThat(quiet.onFailure(5_500)).hasValue(200);
  }

  @Test
  void failureRateGivesUpWhenMoreThanTheMaximumFailuresFallInOneInterval() {
    RestartStrategy s = new FailureRateRestart(2, 1_000, 50);

    assertThat(s.onFailure(0)).hasValue(50);
    assertThat(s.onFailure(400)).hasValue(50);
    assertThat(s.onFailure(1_000)).as("three failures within 1,000 ms").isEmpty();
  }

  @Test
  void failureRateWindowSlides() {
    RestartStrategy s = new FailureRateRestart(2, 1_000, 50);

    assertThat(s.onFailure(0)).hasValue(50);
    assertThat(s.onFailure(600)).hasValue(50);
    assertThat(s.onFailure(1_100)).as("the failure at 0 has left the window").hasValue(50);
    assertThat(s.onFailure(1_700)).as("600 has left the window too").hasValue(50);
    assertThat(s.onFailure(1_800)).as("1,100, 1,700 and 1,800 are within 1,000 ms").isEmpty();
  }

  @Test
  void noneNeverRestarts() {
    RestartStrategy s = new NoRestart();

    assertThat(s.onFailure(0)).isEqualTo(OptionalLong.empty());
    assertThat(s.describe()).isEqualTo("none");
  }

  @Test
  void fromSettingsBuildsTheConfiguredStrategy() {
    WeirConfig config = WeirConfig.defaults().with(new JsonObject().put("restart", new JsonObject()
        .put("strategy", "failure-rate").put("max-failures", 1).put("failure-interval", "10s").put("delay", "2s")), "test");

    RestartStrategy s = RestartStrategy.from(config.restart());

    assertThat(s).isInstanceOf(FailureRateRestart.class);
    assertThat(s.onFailure(0)).hasValue(2_000);
    assertThat(s.onFailure(9_000)).isEmpty();
    assertThat(s.describe()).contains("failure-rate");
  }

  @Test
  void fromSettingsBuildsExponentialDelayWithItsParameters() {
    WeirConfig config = WeirConfig.defaults().with(new JsonObject().put("restart", new JsonObject()
        .put("strategy", "exponential-delay").put("initial-delay", "50ms").put("max-delay", "120ms")
        .put("multiplier", 3.0)), "test");

    RestartStrategy s = RestartStrategy.from(config.restart());

    assertThat(s.onFailure(0)).hasValue(50);
    assertThat(s.onFailure(60)).hasValue(120);
  }

  @Test
  void theDefaultStrategyRestartsFastFirstThenBacksOffToAMinuteAndResetsAfterAHealthyMinute() {
    RestartStrategy s = RestartStrategy.from(WeirConfig.defaults().restart());

    assertThat(s).isInstanceOf(ExponentialDelayRestart.class);
    long t = 0;
    long[] delays = new long[15];
    for (int i = 0; i < delays.length; i++) {
      delays[i] = s.onFailure(t).orElseThrow();
      t += delays[i] + 10; // a job that cannot succeed fails right after every restart
    }
    assertThat(delays[0]).isEqualTo(20);
    assertThat(delays[1]).isEqualTo(40);
    assertThat(delays[2]).isEqualTo(80);
    assertThat(delays[14]).isEqualTo(60_000);
    // eleven seconds of a failing job are a handful of restarts, not a storm
    long restartsInEleven = 0;
    for (long sum = 0, i = 0; i < delays.length && sum + delays[(int) i] <= 11_000; sum += delays[(int) i] + 10, i++) {
      restartsInEleven++;
    }
    assertThat(restartsInEleven).isLessThan(12);

    // healthy for a minute after the last restart: the next failure restarts fast again
    assertThat(s.onFailure(t + 60_000)).hasValue(20);
  }
}
