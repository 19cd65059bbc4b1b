package io.weir.cluster;

import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.graph.TaskVertex;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * A job's record totals over all its attempts: records read by the sources and records that
 * reached the sinks. The counts of a replaced attempt are kept, so records replayed after a
 * restore count again.
 */
final class RecordCounts {
  private final Set<Integer> sourceVertices = new HashSet<>();
  private final Set<Integer> sinkVertices = new HashSet<>();
  private long retiredRead;
  private long retiredWritten;

  RecordCounts(JobGraph graph) {
    for (TaskVertex t : graph.tasks()) {
      if (t.isSource()) {
        sourceVertices.add(t.id());
      }
      if (t.hasSink()) {
        sinkVertices.add(t.id());
      }
    }
  }

  boolean isSource(Execution e) {
    return sourceVertices.contains(e.attempt().task().vertex());
  }

  boolean isSink(int taskVertex) {
    return sinkVertices.contains(taskVertex);
  }

  /** Keeps the counts of an attempt that is replaced. */
  void retire(Execution old) {
    if (old == null) {
      return;
    }
    if (isSource(old)) {
      retiredRead += old.recordsIn();
    }
    if (isSink(old.attempt().task().vertex())) {
      retiredWritten += old.recordsIn();
    }
  }

  long read(Collection<Execution> current) {
    return retiredRead + current.stream().filter(this::isSource).mapToLong(Execution::recordsIn).sum();
  }

  long written(Collection<Execution> current) {
    return retiredWritten + current.stream().filter(e -> isSink(e.attempt().task().vertex()))
        .mapToLong(Execution::recordsIn).sum();
  }
}
