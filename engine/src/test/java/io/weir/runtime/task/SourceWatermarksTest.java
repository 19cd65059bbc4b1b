package io.weir.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.api.time.WatermarkStrategy;
import io.weir.connector.GeneratorSource.GeneratorSplit;
import io.weir.connector.SourceOutput;
import io.weir.connector.SourceSplit;
import io.weir.runtime.operator.RecordTimestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceWatermarksTest {
  private final RecordTimestamp time = new RecordTimestamp();
  private final List<Object> emitted = new ArrayList<>();
  private final List<Long> stamps = new ArrayList<>();
  private final Chain chain = new Chain();

  /** Records what reaches the chain. */
  private static final class Chain implements SourceWatermarks.Output {
    final List<Long> watermarks = new ArrayList<>();
    final List<String> status = new ArrayList<>();

    @Override
    public void advanceWatermark(long watermark) {
      watermarks.add(watermark);
    }

    @Override
    public void markIdle() {
      status.add("idle");
    }

    @Override
    public void markActive() {
      status.add("active");
    }
  }

  private final SourceOutput<Object> downstream = new SourceOutput<>() {
    @Override
    public void emit(Object record) {
      emitted.add(record);
      stamps.add(time.get());
    }

    @Override
    public boolean wantsMore() {
      return true;
    }
  };

  private static List<SourceSplit> splits(int... indexes) {
    List<SourceSplit> result = new ArrayList<>();
    for (int i : indexes) {
      result.add(new GeneratorSplit(i, i, 8));
    }
    return result;
  }

  private SourceWatermarks watermarks(WatermarkStrategy<Long> strategy) {
    return new SourceWatermarks(strategy.withTimestampAssigner(n -> n * 10), time, downstream);
  }

  @Test
  void recordsAreStampedByTheAssignerAndTheWatermarkIsTheSlowestSplitsMinusTheBound() throws Exception {
    SourceWatermarks w = watermarks(WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(5)));
    w.assign(splits(0, 1), List.of(), 0);

    w.forSplit(0).emit(10L);
    w.forSplit(0).emit(12L);
    w.forSplit(1).emit(3L);
    w.check(0, chain);

    assertThat(stamps).containsExactly(100L, 120L, 30L);
    assertThat(chain.watermarks).as("split 1 holds it back: 30 - 5 - 1").containsExactly(24L);
  }

  @Test
  void theWatermarkIsEmittedOncePerIntervalAndOnlyWhenItAdvanced() throws Exception {
    SourceWatermarks w = watermarks(WatermarkStrategy.<Long>forMonotonousTimestamps().withEmitInterval(Duration.ofMillis(200)));
    w.assign(splits(0), List.of(), 0);
    w.forSplit(0).emit(1L);
    w.check(0, chain);
    w.forSplit(0).emit(2L);
    w.check(100, chain);
    w.check(200, chain);
    w.check(400, chain);

    assertThat(chain.watermarks).containsExactly(9L, 19L);
  }

  @Test
  void aSplitSilentForTheIdlenessTimeoutNoLongerHoldsTheWatermarkBack() throws Exception {
    SourceWatermarks w = watermarks(WatermarkStrategy.<Long>forMonotonousTimestamps().withIdleness(Duration.ofSeconds(1)));
    w.assign(splits(0, 1), List.of(), 0);
    w.forSplit(0).emit(100L);
    w.forSplit(1).emit(1L);
    w.check(0, chain);
    w.forSplit(0).emit(200L);
    w.check(1_500, chain);

    assertThat(chain.watermarks).containsExactly(9L, 1_999L);
  }

  @Test
  void aSubtaskWithoutSplitsOrWithAllSplitsIdleMarksItsChainIdle() throws Exception {
    SourceWatermarks none = watermarks(WatermarkStrategy.forMonotonousTimestamps());
    none.assign(List.of(), List.of(), 0);
    none.check(0, chain);
    assertThat(chain.status).containsExactly("idle");

    Chain other = new Chain();
    SourceWatermarks w = watermarks(WatermarkStrategy.<Long>forMonotonousTimestamps().withIdleness(Duration.ofMillis(100)));
    w.assign(splits(3), List.of(), 0);
    w.forSplit(3).emit(1L);
    w.check(0, other);
    w.check(500, other);
    w.forSplit(3).emit(2L);
    w.check(1_000, other);
    assertThat(other.status).containsExactly("active", "idle", "active");
    assertThat(other.watermarks).containsExactly(9L, 19L);
  }

  @Test
  void aRestoredWatermarkIsNeverEmittedAgainNorUndercut() throws Exception {
    SourceWatermarks first = watermarks(WatermarkStrategy.forMonotonousTimestamps());
    first.assign(splits(0, 1), List.of(), 0);
    first.forSplit(0).emit(50L);
    first.forSplit(1).emit(60L);
    first.check(0, chain);
    List<SourceWatermarks.SplitWatermark> checkpoint = first.snapshot();
    assertThat(checkpoint).containsExactlyInAnyOrder(new SourceWatermarks.SplitWatermark(0, 499),
        new SourceWatermarks.SplitWatermark(1, 499));

    Chain restoredChain = new Chain();
    SourceWatermarks restored = watermarks(WatermarkStrategy.forMonotonousTimestamps());
    restored.assign(splits(0, 1), checkpoint, 0);
    assertThat(restored.emitted()).isEqualTo(499);
    restored.forSplit(0).emit(40L);
    restored.forSplit(1).emit(45L);
    restored.check(0, restoredChain);
    restored.forSplit(0).emit(70L);
    restored.forSplit(1).emit(80L);
    restored.check(1_000, restoredChain);

    assertThat(restoredChain.watermarks).as("replayed records below the restored watermark emit nothing").containsExactly(699L);
  }
}
