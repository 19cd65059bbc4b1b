package io.weir.connector;

/** A destination for records; each subtask writes through its own {@link SinkWriter}. */
public interface Sink<T> {

  /** What a sink promises when the job restarts from a checkpoint. */
  enum Guarantee {
    /** Output appears once: transactional (two-phase commit) or idempotent (upsert by key). */
    EXACTLY_ONCE,
    /** Output may be repeated after a restart, never lost. */
    AT_LEAST_ONCE
  }

  SinkWriter<T> createWriter(SinkContext context) throws Exception;

  Guarantee guarantee();

  /** The directories this sink writes into, checked against {@code security.allowed-paths} at submit. */
  default java.util.List<java.nio.file.Path> outputPaths() {
    return java.util.List.of();
  }

  /**
   * Whether writing a record again leaves the same output (an upsert by key), so replaying from an
   * older checkpoint repeats nothing. An exactly-once sink that is not idempotent is transactional
   * (two-phase commit): what it committed with a checkpoint is out for good.
   */
  default boolean idempotent() {
    return false;
  }
}
