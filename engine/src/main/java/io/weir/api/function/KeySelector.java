package io.weir.api.function;

/**
 * Extracts the key a record is partitioned and its state is kept by. The key's hashCode must be
 * the same in every JVM (strings, boxed numbers and records of them are; enums are not).
 */
@FunctionalInterface
public interface KeySelector<T, K> {
  K getKey(T value) throws Exception;
}
