package io.weir.connector;

import java.util.List;

/**
 * Reads the splits assigned to one subtask. Weir calls {@link #poll} on the task's own thread,
 * again and again; a poll emits records while {@link SourceOutput#wantsMore()} is true.
 */
public interface SourceReader<T> extends AutoCloseable {

  /** What a poll left behind. */
  enum Status {
    /** More records are ready now. */
    MORE_AVAILABLE,
    /** Nothing now (a rate limit, no new data); poll again after {@link #retryAfterNanos()}. */
    NOTHING_AVAILABLE,
    /** Every split is exhausted; the source is bounded and done. */
    END_OF_INPUT
  }

  /** Called once, before the first poll, with fresh or restored splits. */
  void addSplits(List<SourceSplit> splits) throws Exception;

  Status poll(SourceOutput<T> output) throws Exception;

  default long retryAfterNanos() {
    return 1_000_000L;
  }

  /** The splits with their current positions: the reader's part of a checkpoint. */
  List<SourceSplit> snapshot();

  /** The reader's part of checkpoint {@code checkpointId}; readers that act on completion need the id. */
  default List<SourceSplit> snapshot(long checkpointId) {
    return snapshot();
  }

  /**
   * Checkpoint {@code checkpointId} is complete: every record emitted before its snapshot is safe.
   * A reader may acknowledge its input now (answer a message, commit offsets for monitoring).
   */
  default void checkpointComplete(long checkpointId) throws Exception {
  }

  /** Where the reader is, for error messages ("split 3 at byte 1200"). */
  default String position() {
    return "";
  }

  @Override
  default void close() throws Exception {
  }
}
