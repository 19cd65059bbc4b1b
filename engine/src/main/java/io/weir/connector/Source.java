package io.weir.connector;

import java.util.List;

/** A source of records: the splits it consists of, and a reader for a subtask's share of them. */
public interface Source<T> {

  /** Every split of this source, fresh. Computed identically on every node. */
  List<SourceSplit> splits() throws Exception;

  SourceReader<T> createReader(SourceContext context) throws Exception;

  /** Whether a restarted job can read again from a checkpointed position (needed for exactly-once). */
  default boolean replayable() {
    return true;
  }
}
