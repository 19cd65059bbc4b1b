package io.weir.examples.nexmark;

import io.weir.api.Collector;
import io.weir.api.RuntimeContext;
import io.weir.api.function.KeyedProcessFunction;
import io.weir.api.state.ListState;
import io.weir.api.state.ListStateDescriptor;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Keyed by a window's end: keeps the window's records with the highest score (all of them on a
 * tie, in the order they came) and emits them once the watermark passes the window, when every
 * result of the window has arrived (each carries the window's last millisecond as its event time).
 * The highest score is a value and the records that have it a list, so a tie is one append, not a
 * copy of every tied record so far (a window of q5 can have thousands of ties).
 */
final class BestPerWindow<T> extends KeyedProcessFunction<Long, T, T> {
  private final ToLongFunction<T> score;
  private ValueState<Long> top;
  private ListState<T> best;

  BestPerWindow(ToLongFunction<T> score) {
    this.score = score;
  }

  @Override
  public void open(RuntimeContext context) {
    top = context.getState(new ValueStateDescriptor<>("top-score"));
    best = context.getListState(new ListStateDescriptor<>("best-records"));
  }

  @Override
  public void processElement(T value, Context<Long> ctx, Collector<T> out) {
    long s = score.applyAsLong(value);
    Long current = top.value();
    if (current == null) {
      top.update(s);
      best.add(value);
      ctx.timerService().registerEventTimeTimer(ctx.currentKey() - 1);
    } else if (s > current) {
      top.update(s);
      best.update(List.of(value));
    } else if (s == current) {
      best.add(value);
    }
  }

  @Override
  public void onTimer(long timestamp, Context<Long> ctx, Collector<T> out) {
    if (top.value() != null) {
      best.get().forEach(out::collect);
      best.clear();
      top.clear();
    }
  }
}
