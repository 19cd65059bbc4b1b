package io.weir.runtime.graph;

import io.weir.api.function.KeySelector;
import io.weir.api.time.WatermarkStrategy;
import io.weir.connector.Sink;
import io.weir.connector.Source;
import io.weir.runtime.operator.StreamOperator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Collects the vertices and edges a {@link io.weir.api.Pipeline} declares, then resolves them into a {@link JobGraph}. */
public final class GraphBuilder {
  private final String jobName;
  private final List<Vertex> vertices = new ArrayList<>();
  private final List<PendingEdge> edges = new ArrayList<>();

  private record PendingEdge(int source, int target, Partitioning partitioning, KeySelector<Object, Object> keySelector) {
  }

  public GraphBuilder(String jobName) {
    this.jobName = jobName;
  }

  public Vertex addSource(String name, Source<?> source) {
    return add(Vertex.source(vertices.size(), uniqueName(name, "source"), source));
  }

  /** A source whose records carry event time and whose splits emit watermarks. */
  public Vertex addSource(String name, Source<?> source, WatermarkStrategy<?> watermarks) {
    if (watermarks.timestampAssigner() == null) {
      throw new IllegalArgumentException(jobName + ": the watermark strategy of source '" + name
          + "' has no timestamp assigner (call withTimestampAssigner)");
    }
    Vertex v = addSource(name, source);
    v.watermarkStrategy(watermarks);
    return v;
  }

  public Vertex addOperator(String name, String kind, Supplier<? extends StreamOperator> operator, boolean keyed) {
    return add(Vertex.operator(vertices.size(), uniqueName(name, kind), operator, keyed));
  }

  public Vertex addSink(String name, Sink<?> sink) {
    return add(Vertex.sink(vertices.size(), uniqueName(name, "sink"), sink));
  }

  @SuppressWarnings("unchecked")
  public void connect(Vertex from, Vertex to, Partitioning partitioning, KeySelector<?, ?> keySelector) {
    if (partitioning == Partitioning.HASH && keySelector == null) {
      throw new IllegalArgumentException("a hash edge needs a key selector");
    }
    edges.add(new PendingEdge(from.id(), to.id(), partitioning, (KeySelector<Object, Object>) keySelector));
  }

  public void setParallelism(Vertex v, int parallelism) {
    if (parallelism <= 0) {
      throw new IllegalArgumentException(jobName + ": parallelism of '" + v.name() + "' must be positive, got " + parallelism);
    }
    v.parallelism(parallelism);
  }

  public void rename(Vertex v, String name) {
    if (!v.name().equals(name)) {
      if (vertices.stream().anyMatch(o -> o.name().equals(name))) {
        throw new IllegalArgumentException(jobName + ": two operators are named '" + name + "'; names must be unique");
      }
      v.name(name);
    }
  }

  public void disableChaining(Vertex v) {
    v.disableChaining();
  }

  /**
   * Resolves parallelism ({@code defaultParallelism} where none was declared; a declared one wins
   * unless {@code override} is set), turns forward edges between different parallelisms into
   * rebalance edges, and checks the graph.
   */
  public JobGraph build(int defaultParallelism, int maxParallelism, boolean override) {
    if (vertices.isEmpty()) {
      throw new IllegalArgumentException(jobName + " declares no source");
    }
    for (Vertex v : vertices) {
      if (override || v.parallelism() <= 0) {
        v.parallelism(Math.min(defaultParallelism, maxParallelism));
      }
      if (v.parallelism() > maxParallelism) {
        throw new IllegalArgumentException(jobName + ": parallelism " + v.parallelism() + " of '" + v.name()
            + "' exceeds max-parallelism " + maxParallelism);
      }
    }
    List<Edge> resolved = new ArrayList<>();
    for (PendingEdge e : edges) {
      Partitioning p = e.partitioning();
      if (p == Partitioning.FORWARD && vertices.get(e.source()).parallelism() != vertices.get(e.target()).parallelism()) {
        p = Partitioning.REBALANCE;
      }
      resolved.add(new Edge(resolved.size(), e.source(), e.target(), p, e.keySelector()));
    }
    Set<Integer> reached = new HashSet<>();
    for (Edge e : resolved) {
      reached.add(e.target());
    }
    for (Vertex v : vertices) {
      if (v.kind() != Vertex.Kind.SOURCE && !reached.contains(v.id())) {
        throw new IllegalArgumentException(jobName + ": '" + v.name() + "' has no input");
      }
      boolean hasOutput = resolved.stream().anyMatch(e -> e.source() == v.id());
      if (v.kind() != Vertex.Kind.SINK && !hasOutput) {
        throw new IllegalArgumentException(jobName + ": the output of '" + v.name() + "' goes nowhere (add a sink)");
      }
    }
    return new JobGraph(jobName, maxParallelism, vertices, resolved);
  }

  private Vertex add(Vertex v) {
    vertices.add(v);
    return v;
  }

  private String uniqueName(String requested, String kind) {
    String name = requested != null ? requested : kind + "-" + vertices.size();
    if (vertices.stream().anyMatch(v -> v.name().equals(name))) {
      throw new IllegalArgumentException(jobName + ": two operators are named '" + name + "'; names must be unique");
    }
    return name;
  }
}
