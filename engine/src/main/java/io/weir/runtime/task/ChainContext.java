package io.weir.runtime.task;

import io.vertx.core.Vertx;
import io.weir.api.RuntimeContext;
import io.weir.api.function.KeySelector;
import io.weir.api.state.ListState;
import io.weir.api.state.ListStateDescriptor;
import io.weir.api.state.MapState;
import io.weir.api.state.MapStateDescriptor;
import io.weir.api.state.ReducingState;
import io.weir.api.state.ReducingStateDescriptor;
import io.weir.api.state.ValueState;
import io.weir.api.state.ValueStateDescriptor;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.connector.SinkContext;
import io.weir.runtime.operator.OperatorContext;
import io.weir.runtime.operator.Output;
import io.weir.runtime.operator.RecordTimestamp;
import io.weir.runtime.operator.TimerRegistry;
import io.weir.state.KeyedStateBackend;
import java.util.function.Consumer;

/**
 * What one operator of a chain sees: its output, its keyed state and timers (only when it reads a
 * keyed input), and the runtime context user functions see. Keyed state asked for by an operator
 * that is not keyed fails with an error naming the operator.
 */
final class ChainContext implements OperatorContext, RuntimeContext, SinkContext {
  private final String jobName;
  private final String operatorName;
  private final TaskAttempt attempt;
  private final int parallelism;
  private final Output output;
  private final KeySelector<Object, Object> keySelector;
  private final KeyedStateBackend keyedState;
  private final TimerRegistry timers;
  private final Vertx vertx;
  private final Consumer<Boolean> sinkWritability;
  private final RecordTimestamp timestamp;

  /**
   * @param keySelector the key of the operator's input, or null when the operator is not keyed
   * @param sinkWritability told when a sink stops or starts taking records
   */
  ChainContext(String jobName, String operatorName, TaskAttempt attempt, int parallelism, Output output,
               KeySelector<Object, Object> keySelector, KeyedStateBackend keyedState, TimerRegistry timers, Vertx vertx,
               Consumer<Boolean> sinkWritability, RecordTimestamp timestamp) {
    this.timestamp = timestamp;
    this.jobName = jobName;
    this.operatorName = operatorName;
    this.attempt = attempt;
    this.parallelism = parallelism;
    this.output = output;
    this.keySelector = keySelector;
    this.keyedState = keySelector == null ? null : keyedState;
    this.timers = timers;
    this.vertx = vertx;
    this.sinkWritability = sinkWritability;
  }

  @Override
  public Output output() {
    return output;
  }

  @Override
  public RuntimeContext runtimeContext() {
    return this;
  }

  @Override
  public KeyedStateBackend keyedState() {
    return keyedState;
  }

  @Override
  public KeySelector<Object, Object> keySelector() {
    return keySelector;
  }

  @Override
  public TimerRegistry timers() {
    return timers;
  }

  @Override
  public RecordTimestamp timestamp() {
    return timestamp;
  }

  @Override
  public SinkContext sinkContext() {
    return this;
  }

  @Override
  public String jobName() {
    return jobName;
  }

  @Override
  public String operatorName() {
    return operatorName;
  }

  @Override
  public int subtaskIndex() {
    return attempt.task().subtask();
  }

  @Override
  public int parallelism() {
    return parallelism;
  }

  @Override
  public int attemptNumber() {
    return attempt.attempt();
  }

  @Override
  public String jobId() {
    return attempt.job().value();
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void setWritable(boolean writable) {
    sinkWritability.accept(writable);
  }

  private KeyedStateBackend keyed(String what) {
    if (keyedState == null) {
      throw new IllegalStateException("operator '" + operatorName + "' asks for " + what
          + " but is not keyed: keyed state is only available after keyBy()");
    }
    return keyedState;
  }

  @Override
  public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
    return keyed("value state '" + descriptor.name() + "'").valueState(descriptor);
  }

  @Override
  public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
    return keyed("list state '" + descriptor.name() + "'").listState(descriptor);
  }

  @Override
  public <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor) {
    return keyed("map state '" + descriptor.name() + "'").mapState(descriptor);
  }

  @Override
  public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
    return keyed("reducing state '" + descriptor.name() + "'").reducingState(descriptor);
  }
}
