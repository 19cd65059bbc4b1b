package io.weir.connector;

/**
 * A part of a source with its position, such as a range of sequence numbers or of file bytes.
 * Splits are immutable records: a reader's snapshot returns new splits with the current positions,
 * and they are stored in checkpoints. A split's {@link #index()} decides which subtask reads it
 * (index modulo parallelism), so a job can be restored at another parallelism.
 */
public interface SourceSplit {
  int index();
}
