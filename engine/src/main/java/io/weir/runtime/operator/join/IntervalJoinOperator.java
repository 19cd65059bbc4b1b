package io.weir.runtime.operator.join;

import io.weir.api.function.JoinFunction;
import io.weir.api.function.KeySelector;
import io.weir.api.state.MapState;
import io.weir.api.state.MapStateDescriptor;
import io.weir.runtime.operator.OperatorContext;
import io.weir.runtime.operator.Output;
import io.weir.runtime.operator.RecordTimestamp;
import io.weir.runtime.operator.StreamOperator;
import io.weir.runtime.operator.TimerRegistry;
import io.weir.state.KeyedStateBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Joins a left record at event time t with every right record of its key in [t + lower, t + upper].
 * Both sides wait in keyed state (by event time) until the watermark passes the last time a record
 * of the other side could join them; records behind the watermark are late and dropped. A joined
 * pair carries the later of its two event times.
 */
public final class IntervalJoinOperator implements StreamOperator {
  private final String name;
  private final long lower;
  private final long upper;
  private final JoinFunction<Object, Object, Object> function;
  private KeyedStateBackend state;
  private KeySelector<Object, Object> keySelector;
  private TimerRegistry timers;
  private RecordTimestamp time;
  private Output out;
  private MapState<Long, List<Object>> leftBuffer;
  private MapState<Long, List<Object>> rightBuffer;

  @SuppressWarnings("unchecked")
  public IntervalJoinOperator(String name, long lowerMillis, long upperMillis, JoinFunction<?, ?, ?> function) {
    if (lowerMillis > upperMillis) {
      throw new IllegalArgumentException("interval join '" + name + "': the lower bound " + lowerMillis
          + " ms is above the upper bound " + upperMillis + " ms");
    }
    this.name = name;
    this.lower = lowerMillis;
    this.upper = upperMillis;
    this.function = (JoinFunction<Object, Object, Object>) function;
  }

  @Override
  public void open(OperatorContext context) {
    state = context.keyedState();
    keySelector = context.keySelector();
    timers = context.timers();
    time = context.timestamp();
    out = context.output();
    leftBuffer = state.mapState(new MapStateDescriptor<>(name + ".left"));
    rightBuffer = state.mapState(new MapStateDescriptor<>(name + ".right"));
  }

  @Override
  public void process(Object record) throws Exception {
    JoinSide side = (JoinSide) record;
    long ts = time.get();
    if (ts == RecordTimestamp.NONE) {
      throw new IllegalStateException("interval join '" + name + "' got a record without event time: give its sources"
          + " a WatermarkStrategy (record " + side.value() + ")");
    }
    if (ts <= timers.currentWatermark()) {
      return; // late: every record it could join with may be gone
    }
    state.setCurrentKey(keySelector.getKey(record));
    MapState<Long, List<Object>> own = side.left() ? leftBuffer : rightBuffer;
    MapState<Long, List<Object>> other = side.left() ? rightBuffer : leftBuffer;
    long from = side.left() ? ts + lower : ts - upper;
    long to = side.left() ? ts + upper : ts - lower;
    for (Map.Entry<Long, List<Object>> e : other.entries().entrySet()) {
      long otherTs = e.getKey();
      if (otherTs >= from && otherTs <= to) {
        time.set(Math.max(ts, otherTs));
        for (Object o : e.getValue()) {
          out.collect(side.left() ? function.join(side.value(), o) : function.join(o, side.value()));
        }
      }
    }
    time.set(ts);
    List<Object> atTs = own.get(ts);
    List<Object> added = new ArrayList<>(atTs == null ? 1 : atTs.size() + 1);
    if (atTs != null) {
      added.addAll(atTs);
    }
    added.add(side.value());
    own.put(ts, added);
    // a left record can be joined until right records reach ts + upper; a right one until left ones reach ts - lower
    long expiry = side.left() ? ts + Math.max(upper, 0) : ts - Math.min(lower, 0);
    timers.registerEventTime(state.currentKey(), expiry);
  }

  @Override
  public void onEventTimer(Object key, long timestamp) {
    leftBuffer.remove(timestamp - Math.max(upper, 0));
    rightBuffer.remove(timestamp + Math.min(lower, 0));
  }
}
