package io.weir.runtime.operator.join;

import io.weir.api.function.JoinFunction;
import io.weir.api.function.KeySelector;
import io.weir.api.state.ListState;
import io.weir.api.state.ListStateDescriptor;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.runtime.operator.OperatorContext;
import io.weir.runtime.operator.Output;
import io.weir.runtime.operator.StreamOperator;
import io.weir.runtime.operator.TimerRegistry;
import io.weir.state.EmptyKeyWrites;
import io.weir.state.KeyedStateBackend;

/**
 * A regular inner join of two keyed streams: every record joins every record of the other side
 * with its key that came before it. Both sides are keyed state, kept until a key has seen nothing
 * for {@code ttl} (processing time): then its state expires and later records no longer meet it.
 */
public final class KeyedJoinOperator implements StreamOperator {
  private final String name;
  private final long ttl;
  private final JoinFunction<Object, Object, Object> function;
  private KeyedStateBackend state;
  private KeySelector<Object, Object> keySelector;
  private TimerRegistry timers;
  private Output out;
  private ListState<Object> left;
  private ListState<Object> right;
  private ValueState<Long> lastAccess;

  @SuppressWarnings("unchecked")
  public KeyedJoinOperator(String name, long ttlMillis, JoinFunction<?, ?, ?> function) {
    if (ttlMillis <= 0) {
      throw new IllegalArgumentException("join '" + name + "': the state time-to-live must be positive, got " + ttlMillis + " ms");
    }
    this.name = name;
    this.ttl = ttlMillis;
    this.function = (JoinFunction<Object, Object, Object>) function;
  }

  @Override
  public void open(OperatorContext context) {
    state = context.keyedState();
    keySelector = context.keySelector();
    timers = context.timers();
    out = context.output();
    left = state.listState(new ListStateDescriptor<>(name + ".left"));
    right = state.listState(new ListStateDescriptor<>(name + ".right"));
    lastAccess = state.valueState(new ValueStateDescriptor<>(name + ".last-access"));
  }

  /**
   * Joins the record with the other side's records of its key, then keeps it. A key without a last
   * access has no state at all (the three states are written together and expire together), so
   * its first record reads nothing else and is written as its side's first element
   * ({@link EmptyKeyWrites}: on RocksDB, with no read of the absent lists).
   */
  @Override
  @SuppressWarnings("unchecked")
  public void process(Object record) throws Exception {
    JoinSide side = (JoinSide) record;
    Object key = keySelector.getKey(record);
    state.setCurrentKey(key);
    long now = timers.currentTimeMillis();
    Long previous = lastAccess.value();
    ListState<Object> own = side.left() ? left : right;
    if (previous != null) {
      for (Object o : (side.left() ? right : left).get()) {
        out.collect(side.left() ? function.join(side.value(), o) : function.join(o, side.value()));
      }
      own.add(side.value());
    } else if (own instanceof EmptyKeyWrites<?> empty) {
      ((EmptyKeyWrites<Object>) empty).writeToEmpty(side.value());
    } else {
      own.add(side.value());
    }
    lastAccess.update(now);
    if (previous == null) {
      timers.register(key, now + ttl);
    }
  }

  /** The key's expiry timer: its state goes if nothing came since; otherwise the timer moves to the new expiry. */
  @Override
  public void onTimer(Object key, long timestamp) {
    Long last = lastAccess.value();
    if (last == null) {
      return;
    }
    if (last + ttl <= timestamp) {
      left.clear();
      right.clear();
      lastAccess.clear();
    } else {
      timers.register(key, last + ttl);
    }
  }
}
