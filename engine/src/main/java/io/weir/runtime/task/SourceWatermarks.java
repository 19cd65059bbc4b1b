package io.weir.runtime.task;

import io.weir.api.time.TimestampAssigner;
import io.weir.api.time.WatermarkGenerator;
import io.weir.api.time.WatermarkStrategy;
import io.weir.connector.SourceOutput;
import io.weir.connector.SourceSplit;
import io.weir.runtime.operator.RecordTimestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A source subtask's event time: stamps each record with its assigner's timestamp, keeps one
 * watermark generator per split, and periodically emits the lowest watermark of the splits that
 * are not idle when it has advanced. Per record this costs the assigner, the generator and a
 * counter; the clock is read once per check. A subtask whose splits are all idle (or that has
 * none) marks its chain idle.
 */
final class SourceWatermarks {
  /** Where the watermark goes: the task's chain. */
  interface Output {
    void advanceWatermark(long watermark) throws Exception;

    void markIdle();

    void markActive();
  }

  /** A split's watermark in a checkpoint: the subtask's emitted watermark when it was taken. */
  record SplitWatermark(int split, long watermark) {
  }

  /** Stamps and counts the records of one split, then hands them to the driver. */
  final class SplitOutput implements SourceOutput<Object> {
    private final WatermarkGenerator generator = strategy.newGenerator();
    private long events;
    private long eventsAtCheck = -1;
    private long lastActive;

    @Override
    public void emit(Object record) {
      long ts = assigner.extractTimestamp(record);
      generator.onEvent(ts);
      events++;
      time.set(ts);
      downstream.emit(record);
    }

    @Override
    public boolean wantsMore() {
      return downstream.wantsMore();
    }

    @Override
    public SourceOutput<Object> forSplit(int splitIndex) {
      return SourceWatermarks.this.forSplit(splitIndex);
    }
  }

  private final WatermarkStrategy<Object> strategy;
  private final TimestampAssigner<Object> assigner;
  private final RecordTimestamp time;
  private final SourceOutput<Object> downstream;
  private final long idlenessMillis;
  private final long intervalMillis;
  private final Map<Integer, SplitOutput> bySplit = new HashMap<>();
  private SplitOutput[] byIndex = new SplitOutput[0];
  private final SplitOutput whole;
  private boolean perSplit;
  private long emitted = Long.MIN_VALUE;
  private long nextCheck = Long.MIN_VALUE;

  @SuppressWarnings("unchecked")
  SourceWatermarks(WatermarkStrategy<?> strategy, RecordTimestamp time, SourceOutput<Object> downstream) {
    this.strategy = (WatermarkStrategy<Object>) strategy;
    this.assigner = this.strategy.timestampAssigner();
    this.time = time;
    this.downstream = downstream;
    this.idlenessMillis = strategy.idleness() == null ? Long.MAX_VALUE : strategy.idleness().toMillis();
    this.intervalMillis = strategy.emitInterval().toMillis();
    this.whole = new SplitOutput();
  }

  /** The subtask reads {@code splits}; {@code restored} holds the split watermarks of a checkpoint (or nothing). */
  void assign(List<SourceSplit> splits, List<SplitWatermark> restored, long now) {
    for (SourceSplit s : splits) {
      SplitOutput out = new SplitOutput();
      out.lastActive = now;
      bySplit.put(s.index(), out);
    }
    whole.lastActive = now;
    int highest = bySplit.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
    if (highest < 4 * bySplit.size() + 64) { // dense split numbers (the usual): found by index, not by a boxed lookup
      byIndex = new SplitOutput[highest + 1];
      bySplit.forEach((split, out) -> {
        if (split >= 0) {
          byIndex[split] = out;
        }
      });
    }
    long floor = Long.MAX_VALUE;
    boolean any = false;
    for (SplitWatermark w : restored) {
      if (bySplit.containsKey(w.split())) {
        any = true;
        floor = Math.min(floor, w.watermark());
      }
    }
    emitted = any ? floor : Long.MIN_VALUE;
  }

  /** The restored watermark: nothing lower is emitted. */
  long emitted() {
    return emitted;
  }

  /** The output for records the reader does not say the split of. */
  SourceOutput<Object> output() {
    return whole;
  }

  SourceOutput<Object> forSplit(int splitIndex) {
    SplitOutput out = splitIndex >= 0 && splitIndex < byIndex.length ? byIndex[splitIndex] : bySplit.get(splitIndex);
    if (out == null) {
      return whole;
    }
    perSplit = true;
    return out;
  }

  /**
   * Emits the watermark into {@code chain} if the interval has passed and it advanced; marks the
   * chain idle when every split is idle, active when one is not.
   */
  void check(long now, Output chain) throws Exception {
    if (now < nextCheck) {
      return;
    }
    nextCheck = now + intervalMillis;
    long min = Long.MAX_VALUE;
    boolean anyActive = false;
    if (perSplit) {
      for (SplitOutput out : bySplit.values()) {
        if (active(out, now)) {
          anyActive = true;
          min = Math.min(min, out.generator.currentWatermark());
        }
      }
    } else if (!bySplit.isEmpty() && active(whole, now)) {
      anyActive = true;
      min = whole.generator.currentWatermark();
    }
    if (!anyActive) {
      chain.markIdle();
      return;
    }
    chain.markActive();
    if (min > emitted && min != WatermarkGenerator.NONE) {
      emitted = min;
      chain.advanceWatermark(min);
    }
  }

  private boolean active(SplitOutput out, long now) {
    if (out.events != out.eventsAtCheck) {
      out.eventsAtCheck = out.events;
      out.lastActive = now;
    }
    return now - out.lastActive < idlenessMillis;
  }

  /** One entry per split of this subtask, for the checkpoint. */
  List<SplitWatermark> snapshot() {
    List<SplitWatermark> result = new ArrayList<>();
    if (emitted > Long.MIN_VALUE) {
      for (Integer split : bySplit.keySet()) {
        result.add(new SplitWatermark(split, emitted));
      }
    }
    return result;
  }
}
