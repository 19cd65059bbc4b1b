package io.weir.runtime.task;

import io.weir.runtime.network.RecordWriter;
import io.weir.runtime.operator.OperatorException;
import io.weir.runtime.operator.StreamOperator;
import java.util.List;

/**
 * The watermark of a subtask's chain: advanced by its source's splits or by its input channels
 * (the lowest of those not idle), never backwards, from the restored one. Each advance fires the
 * due event-time timers, passes every operator in chain order, then goes to every receiver; a
 * chain with nothing to send tells its receivers it is idle.
 */
final class ChainWatermarks implements SourceWatermarks.Output {
  private final List<StreamOperator> operators;
  private final List<String> names;
  private final List<RecordWriter> writers;
  private TaskTimers timers;
  private InputWatermarks inputs;
  private long watermark = Long.MIN_VALUE;
  private boolean idle;

  ChainWatermarks(List<StreamOperator> operators, List<String> names, List<RecordWriter> writers) {
    this.operators = operators;
    this.names = names;
    this.writers = writers;
  }

  void timers(TaskTimers timers) {
    this.timers = timers;
  }

  /** The chain's watermark: the last one that passed it. */
  long current() {
    return watermark;
  }

  /** The watermark a checkpoint held, before the first record: nothing at or before it is emitted again. */
  void restore(long restored) {
    if (restored > watermark) {
      watermark = restored;
      if (timers != null) {
        timers.restoreWatermark(restored);
      }
    }
  }

  /** Tracks the watermarks of {@code channels} input channels (tasks that read channels), from the current one. */
  void trackInputs(int channels) {
    inputs = new InputWatermarks(channels, watermark);
  }

  /** A watermark arrived on an input channel. */
  void input(int channel, long value) throws Exception {
    if (inputs.onWatermark(channel, value)) {
      advanceWatermark(inputs.current());
    }
  }

  /** An input channel went idle. */
  void inputIdle(int channel) throws Exception {
    if (inputs.onIdle(channel)) {
      advanceWatermark(inputs.current());
    }
    if (inputs.allIdle()) {
      markIdle();
    }
  }

  /** Records arrived on an input channel (called once per batch). */
  void inputRecords(int channel) {
    inputs.onRecords(channel);
    idle = false;
  }

  /** Moves the watermark to {@code value} if that is later: due timers fire, each operator hears it, then every receiver. */
  @Override
  public void advanceWatermark(long value) throws Exception {
    if (value <= watermark) {
      return;
    }
    watermark = value;
    idle = false;
    if (timers != null) {
      timers.advanceWatermark(value);
    }
    for (int i = 0; i < operators.size(); i++) {
      try {
        operators.get(i).onWatermark(value);
      } catch (OperatorException e) {
        throw e;
      } catch (Exception e) {
        throw new OperatorException(names.get(i), "watermark " + value, e);
      }
    }
    for (RecordWriter w : writers) {
      w.broadcastWatermark(value);
    }
  }

  @Override
  public void markIdle() {
    if (!idle) {
      idle = true;
      for (RecordWriter w : writers) {
        w.broadcastIdle();
      }
    }
  }

  @Override
  public void markActive() {
    idle = false;
  }
}
