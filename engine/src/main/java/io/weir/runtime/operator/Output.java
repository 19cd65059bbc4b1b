package io.weir.runtime.operator;

import io.weir.api.Collector;

/** Where an operator emits: the next operator of its chain, or the task's record writers. */
public interface Output extends Collector<Object> {
}
