package io.weir.api.function;

import io.weir.api.Collector;
import io.weir.api.RuntimeContext;
import io.weir.api.TimerService;

/**
 * Processes the records of a keyed stream one at a time, with keyed state and processing-time and
 * event-time timers scoped to the current key. What it emits carries the input's event time. State is declared in {@link #open}.
 */
public abstract class KeyedProcessFunction<K, I, O> {

  public void open(RuntimeContext context) throws Exception {
  }

  public abstract void processElement(I value, Context<K> ctx, Collector<O> out) throws Exception;

  /**
   * Called when a timer set through {@link Context#timerService()} fires, with its key current;
   * {@link Context#timestamp()} is the timer's time for an event-time timer.
   */
  public void onTimer(long timestamp, Context<K> ctx, Collector<O> out) throws Exception {
  }

  public void close() throws Exception {
  }

  /** What a call can see of its key and of time. */
  public interface Context<K> {
    K currentKey();

    TimerService timerService();

    /** The event time of the record (or event-time timer) being processed; {@link Long#MIN_VALUE} when it has none. */
    long timestamp();
  }
}
