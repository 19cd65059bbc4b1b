package io.weir.runtime.operator;

import io.weir.api.Collector;
import io.weir.api.TimerService;
import io.weir.api.function.KeySelector;
import io.weir.api.function.KeyedProcessFunction;
import io.weir.state.KeyedStateBackend;

/** Runs a {@link KeyedProcessFunction}: makes each record's key current, then calls the function. */
public final class KeyedProcessOperator implements StreamOperator, KeyedProcessFunction.Context<Object> {
  private final KeyedProcessFunction<Object, Object, Object> function;
  private KeyedStateBackend state;
  private KeySelector<Object, Object> keySelector;
  private Collector<Object> out;
  private TimerRegistry timers;
  private RecordTimestamp time;
  private final TimerService timerService = new TimerService() {
    @Override
    public long currentProcessingTime() {
      return timers.currentTimeMillis();
    }

    @Override
    public void registerProcessingTimeTimer(long timestamp) {
      timers.register(state.currentKey(), timestamp);
    }

    @Override
    public void deleteProcessingTimeTimer(long timestamp) {
      timers.delete(state.currentKey(), timestamp);
    }

    @Override
    public long currentWatermark() {
      return timers.currentWatermark();
    }

    @Override
    public void registerEventTimeTimer(long timestamp) {
      timers.registerEventTime(state.currentKey(), timestamp);
    }

    @Override
    public void deleteEventTimeTimer(long timestamp) {
      timers.deleteEventTime(state.currentKey(), timestamp);
    }
  };

  @SuppressWarnings("unchecked")
  public KeyedProcessOperator(KeyedProcessFunction<?, ?, ?> function) {
    this.function = (KeyedProcessFunction<Object, Object, Object>) function;
  }

  @Override
  public void open(OperatorContext context) throws Exception {
    state = context.keyedState();
    keySelector = context.keySelector();
    out = context.output();
    timers = context.timers();
    time = context.timestamp();
    function.open(context.runtimeContext());
  }

  @Override
  public void process(Object record) throws Exception {
    state.setCurrentKey(keySelector.getKey(record));
    function.processElement(record, this, out);
  }

  @Override
  public void onTimer(Object key, long timestamp) throws Exception {
    function.onTimer(timestamp, this, out);
  }

  @Override
  public void onEventTimer(Object key, long timestamp) throws Exception {
    function.onTimer(timestamp, this, out);
  }

  @Override
  public long timestamp() {
    return time.get();
  }

  @Override
  public Object currentKey() {
    return state.currentKey();
  }

  @Override
  public TimerService timerService() {
    return timerService;
  }

  @Override
  public void close() throws Exception {
    function.close();
  }
}
