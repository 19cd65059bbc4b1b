package io.weir.runtime.operator;

import io.weir.api.RuntimeContext;
import io.weir.api.function.KeySelector;
import io.weir.connector.SinkContext;
import io.weir.state.KeyedStateBackend;

/** What the task gives an operator when it opens it. */
public interface OperatorContext {
  Output output();

  RuntimeContext runtimeContext();

  /** The task's keyed state; null unless the operator follows a hash edge. */
  KeyedStateBackend keyedState();

  /** The key selector of the hash edge into this operator; null when not keyed. */
  KeySelector<Object, Object> keySelector();

  /** Processing-time timers; only keyed operators use them. */
  TimerRegistry timers();

  SinkContext sinkContext();

  /** The event time of the record being processed, shared by the chain; set it to stamp what is emitted. */
  RecordTimestamp timestamp();
}
