package io.weir.runtime.graph;

import java.util.List;

/**
 * A chain of forward-connected vertices run as one task: the unit that is deployed as a verticle,
 * once per subtask. Its inputs are the edges into its head, its outputs the edges out of its tail.
 */
public record TaskVertex(int id, String name, int parallelism, List<Vertex> chain, List<Edge> inputs, List<Edge> outputs) {

  public Vertex head() {
    return chain.get(0);
  }

  public Vertex tail() {
    return chain.get(chain.size() - 1);
  }

  public boolean isSource() {
    return head().kind() == Vertex.Kind.SOURCE;
  }

  public boolean hasSink() {
    return chain.stream().anyMatch(v -> v.kind() == Vertex.Kind.SINK);
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
