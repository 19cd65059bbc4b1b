package io.weir.api.function;

/** Makes the record emitted for a left and a right record that join. */
@FunctionalInterface
public interface JoinFunction<L, R, O> {
  O join(L left, R right) throws Exception;
}
