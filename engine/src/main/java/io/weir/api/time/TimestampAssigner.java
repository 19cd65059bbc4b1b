package io.weir.api.time;

/** Reads a record's event time, in milliseconds. Must depend on the record alone. */
@FunctionalInterface
public interface TimestampAssigner<T> {
  long extractTimestamp(T record);
}
