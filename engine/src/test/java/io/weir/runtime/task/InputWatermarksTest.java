package io.weir.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputWatermarksTest {

  @Test
  void theWatermarkIsTheMinimumOverChannelsAndAdvancesOnlyWhenTheSlowestDoes() {
    InputWatermarks w = new InputWatermarks(3, Long.MIN_VALUE);

    assertThat(w.onWatermark(0, 10)).isFalse();
    assertThat(w.onWatermark(1, 20)).isFalse();
    assertThat(w.onWatermark(2, 5)).as("every channel has one: the minimum").isTrue();
    assertThat(w.current()).isEqualTo(5);
    assertThat(w.onWatermark(0, 30)).as("the minimum is still channel 2's").isFalse();
    assertThat(w.onWatermark(2, 25)).isTrue();
    assertThat(w.current()).isEqualTo(20);
  }

  @Test
  void aLowerWatermarkOnAChannelNeverMovesTheWatermarkBack() {
    InputWatermarks w = new InputWatermarks(1, Long.MIN_VALUE);
    w.onWatermark(0, 100);

    assertThat(w.onWatermark(0, 50)).isFalse();
    assertThat(w.current()).isEqualTo(100);
  }

  @Test
  void anIdleChannelDoesNotHoldTheWatermarkBackUntilItIsActiveAgain() {
    InputWatermarks w = new InputWatermarks(2, Long.MIN_VALUE);
    w.onWatermark(0, 100);

    assertThat(w.onIdle(1)).as("channel 1 no longer counts").isTrue();
    assertThat(w.current()).isEqualTo(100);
    assertThat(w.allIdle()).isFalse();

    w.onRecords(1);
    assertThat(w.onWatermark(0, 200)).as("channel 1 is active again and has no watermark").isFalse();
    assertThat(w.onWatermark(1, 150)).isTrue();
    assertThat(w.current()).isEqualTo(150);
  }

  @Test
  void everyChannelIdleMakesTheTaskIdleWithoutMovingItsWatermark() {
    InputWatermarks w = new InputWatermarks(2, Long.MIN_VALUE);
    w.onWatermark(0, 7);

    w.onIdle(0);
    assertThat(w.onIdle(1)).isFalse();
    assertThat(w.allIdle()).isTrue();
    assertThat(w.current()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void aRestoredWatermarkIsAFloorTheChannelsMustPass() {
    InputWatermarks w = new InputWatermarks(2, 1_000);

    assertThat(w.onWatermark(0, 500)).isFalse();
    assertThat(w.onWatermark(1, 800)).as("the channels restart lower than the checkpoint's watermark").isFalse();
    assertThat(w.current()).isEqualTo(1_000);
    w.onWatermark(0, 1_200);
    assertThat(w.onWatermark(1, 1_100)).isTrue();
    assertThat(w.current()).isEqualTo(1_100);
  }
}
