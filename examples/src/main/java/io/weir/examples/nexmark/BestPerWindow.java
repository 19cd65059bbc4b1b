package io.weir.examples.nexmark;

import io.weir.api.Collector;
import io.weir.api.RuntimeContext;
import io.weir.api.function.KeyedProcessFunction;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Keyed by a window's end: keeps the window's records with the highest score (all of them on a
 * tie) and emits them once the watermark passes the window, when every result of the window has
 * arrived (each carries the window's last millisecond as its event time).
 */
final class BestPerWindow<T> extends KeyedProcessFunction<Long, T, T> {
  private final ToLongFunction<T> score;
  private ValueState<List<T>> best;

  BestPerWindow(ToLongFunction<T> score) {
    this.score = score;
  }

  @Override
  public void open(RuntimeContext context) {
    best = context.getState(new ValueStateDescriptor<>("best"));
  }

  @Override
  public void processElement(T value, Context<Long> ctx, Collector<T> out) {
    List<T> current = best.value();
    if (current == null) {
      best.update(List.of(value));
      ctx.timerService().registerEventTimeTimer(ctx.currentKey() - 1);
      return;
    }
    long s = score.applyAsLong(value);
    long top = score.applyAsLong(current.get(0));
    if (s > top) {
      best.update(List.of(value));
    } else if (s == top) {
      List<T> tied = new ArrayList<>(current);
      tied.add(value);
      best.update(List.copyOf(tied));
    }
  }

  @Override
  public void onTimer(long timestamp, Context<Long> ctx, Collector<T> out) {
    List<T> winners = best.value();
    if (winners != null) {
      winners.forEach(out::collect);
      best.clear();
    }
  }
}
