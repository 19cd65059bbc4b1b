package io.weir.runtime.task;

import io.weir.runtime.graph.Edge;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.graph.TaskVertex;
import io.weir.runtime.graph.Vertex;
import io.weir.runtime.network.RecordWriter;
import io.weir.runtime.operator.ChainedOutput;
import io.weir.runtime.operator.OperatorException;
import io.weir.runtime.operator.Output;
import io.weir.runtime.operator.StreamOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where each vertex of a chain emits: the operators it feeds in the same task (called directly) and
 * the writers of its edges that leave the task; one of them as is, several in turn. Also gives each
 * sink of the chain its own writability, so that the task hears "blocked" while any sink is.
 */
final class ChainOutputs {
  private final JobGraph graph;
  private final TaskVertex vertex;
  private final Map<Integer, StreamOperator> operators;
  private final Map<Integer, RecordWriter> writers;
  private final Consumer<Boolean> sinksWritable;
  private int blockedSinks;

  /**
   * @param operators the chain's operators by vertex id
   * @param writers the task's writers by edge id
   * @param sinksWritable told false when a sink of the chain blocks, true when none is blocked any more
   */
  ChainOutputs(JobGraph graph, TaskVertex vertex, Map<Integer, StreamOperator> operators, Map<Integer, RecordWriter> writers,
               Consumer<Boolean> sinksWritable) {
    this.graph = graph;
    this.vertex = vertex;
    this.operators = operators;
    this.writers = writers;
    this.sinksWritable = sinksWritable;
  }

  /** Where {@code v}'s records go. */
  Output of(Vertex v) {
    List<Output> outputs = new ArrayList<>();
    for (Edge e : vertex.chainedOutputsOf(v.id())) {
      Vertex next = graph.vertex(e.target());
      outputs.add(new ChainedOutput(operators.get(next.id()), next.name()));
    }
    List<RecordWriter> leaving = new ArrayList<>();
    for (Edge e : vertex.outputsOf(v.id())) {
      leaving.add(writers.get(e.id()));
    }
    if (!leaving.isEmpty() || outputs.isEmpty()) {
      outputs.add(new WriterOutput(leaving));
    }
    return outputs.size() == 1 ? outputs.get(0) : new FanOut(outputs);
  }

  /** The writability callback of one sink of the chain. */
  Consumer<Boolean> sinkWritability() {
    boolean[] blocked = {false};
    return writable -> {
      if (blocked[0] != writable) {
        return; // no change for this sink
      }
      blocked[0] = !writable;
      blockedSinks += writable ? -1 : 1;
      if (writable ? blockedSinks == 0 : blockedSinks == 1) {
        sinksWritable.accept(writable);
      }
    };
  }

  /** Records that leave the task go to every writer of the vertex's leaving edges. */
  private static final class WriterOutput implements Output {
    private final RecordWriter[] writers;

    WriterOutput(List<RecordWriter> writers) {
      this.writers = writers.toArray(new RecordWriter[0]);
    }

    @Override
    public void collect(Object record) {
      for (RecordWriter w : writers) {
        try {
          w.emit(record);
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new OperatorException("key selector", record, e);
        }
      }
    }
  }

  /** A record to each of several outputs, in turn (the operators a vertex feeds, then its writers). */
  private static final class FanOut implements Output {
    private final Output[] outputs;

    FanOut(List<Output> outputs) {
      this.outputs = outputs.toArray(new Output[0]);
    }

    @Override
    public void collect(Object record) {
      for (Output o : outputs) {
        o.collect(record);
      }
    }
  }
}
