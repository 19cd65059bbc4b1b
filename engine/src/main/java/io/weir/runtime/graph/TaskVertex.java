package io.weir.runtime.graph;

import java.util.List;

/**
 * A chain of forward-connected vertices run as one task: the unit that is deployed as a verticle,
 * once per subtask. {@code chain} lists its vertices upstream before downstream, head first; an
 * operator may feed several chained operators (a tree). Its inputs are the edges into its head,
 * {@code outputs} the edges that leave the task (from any of its vertices), {@code chained} the
 * edges between its vertices.
 */
public record TaskVertex(int id, String name, int parallelism, List<Vertex> chain, List<Edge> inputs, List<Edge> outputs,
                         List<Edge> chained) {

  public Vertex head() {
    return chain.get(0);
  }

  /** The last vertex of the chain (of a line of operators, the one whose output leaves the task). */
  public Vertex tail() {
    return chain.get(chain.size() - 1);
  }

  public boolean isSource() {
    return head().kind() == Vertex.Kind.SOURCE;
  }

  public boolean hasSink() {
    return chain.stream().anyMatch(v -> v.kind() == Vertex.Kind.SINK);
  }

  /** The edges from vertex {@code vertexId} to the operators of this chain it feeds. */
  public List<Edge> chainedOutputsOf(int vertexId) {
    return chained.stream().filter(e -> e.source() == vertexId).toList();
  }

  /** The edges from vertex {@code vertexId} that leave this task. */
  public List<Edge> outputsOf(int vertexId) {
    return outputs.stream().filter(e -> e.source() == vertexId).toList();
  }

  /** The number of input channels of one subtask: one per upstream subtask and input edge. */
  public int inputChannels(JobGraph graph) {
    int n = 0;
    for (Edge e : inputs) {
      n += e.allToAll() ? graph.vertex(e.source()).parallelism() : 1;
    }
    return n;
  }
}
