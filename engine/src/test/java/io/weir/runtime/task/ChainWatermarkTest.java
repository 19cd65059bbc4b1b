package io.weir.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChainWatermarkTest {

  @Test
  void aSubtaskRestoredAtTheSameParallelismTakesItsOwnWatermark() {
    List<Object> union = List.of("sink state", new ChainWatermark(0, 2, 500), new ChainWatermark(1, 2, 900));

    assertThat(ChainWatermark.restore(union, 1, 2)).isEqualTo(900);
    assertThat(ChainWatermark.restore(union, 0, 2)).isEqualTo(500);
  }

  @Test
  void aRescaledSubtaskTakesTheLowestSoItNeverPassesAWatermarkItsKeysHadNotReached() {
    List<Object> union = List.of(new ChainWatermark(0, 2, 500), new ChainWatermark(1, 2, 900));

    assertThat(ChainWatermark.restore(union, 0, 3)).isEqualTo(500);
    assertThat(ChainWatermark.restore(union, 2, 3)).isEqualTo(500);
  }

  @Test
  void noStoredWatermarkRestoresNoneAndTheOperatorsOwnStateIsKept() {
    List<Object> union = List.of("sink state", new ChainWatermark(0, 1, 5));

    assertThat(ChainWatermark.restore(List.of("sink state"), 0, 1)).isEqualTo(Long.MIN_VALUE);
    assertThat(ChainWatermark.withoutWatermarks(union)).containsExactly("sink state");
  }
}
