package io.weir.runtime.graph;

import io.weir.runtime.TaskId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job's dataflow with every parallelism resolved, its forward edges chained into tasks, and its
 * tasks' subtasks grouped into failover regions (the parts of the job that exchange no data and
 * can restart independently). Built identically on every node from the job's name and arguments.
 */
public final class JobGraph {
  private final String jobName;
  private final int maxParallelism;
  private final List<Vertex> vertices;
  private final List<Edge> edges;
  private final List<TaskVertex> tasks;
  private final Map<Integer, TaskVertex> taskByVertex = new HashMap<>();
  private final Map<Integer, TaskVertex> taskById = new HashMap<>();
  private final List<Set<TaskId>> regions;

  JobGraph(String jobName, int maxParallelism, List<Vertex> vertices, List<Edge> edges) {
    this.jobName = jobName;
    this.maxParallelism = maxParallelism;
    this.vertices = List.copyOf(vertices);
    this.edges = List.copyOf(edges);
    this.tasks = chain();
    for (TaskVertex t : tasks) {
      taskById.put(t.id(), t);
      for (Vertex v : t.chain()) {
        taskByVertex.put(v.id(), t);
      }
    }
    this.regions = computeRegions();
  }

  public String jobName() {
    return jobName;
  }

  public int maxParallelism() {
    return maxParallelism;
  }

  public List<Vertex> vertices() {
    return vertices;
  }

  public Vertex vertex(int id) {
    return vertices.get(id);
  }

  public List<Edge> edges() {
    return edges;
  }

  public Edge edge(int id) {
    return edges.get(id);
  }

  public List<TaskVertex> tasks() {
    return tasks;
  }

  public TaskVertex task(int taskVertexId) {
    TaskVertex t = taskById.get(taskVertexId);
    if (t == null) {
      throw new IllegalArgumentException("job " + jobName + " has no task " + taskVertexId);
    }
    return t;
  }

  /** The task whose chain holds {@code vertexId}. */
  public TaskVertex taskOfVertex(int vertexId) {
    return taskByVertex.get(vertexId);
  }

  public List<TaskId> allSubtasks() {
    List<TaskId> all = new ArrayList<>();
    for (TaskVertex t : tasks) {
      for (int i = 0; i < t.parallelism(); i++) {
        all.add(new TaskId(t.id(), i));
      }
    }
    return all;
  }

  public List<Set<TaskId>> regions() {
    return regions;
  }

  public Set<TaskId> regionOf(TaskId task) {
    for (Set<TaskId> r : regions) {
      if (r.contains(task)) {
        return r;
      }
    }
    throw new IllegalArgumentException("job " + jobName + " has no subtask " + task);
  }

  /** The largest parallelism of any task: the number of slots the job needs (slot sharing). */
  public int slotsNeeded() {
    return tasks.stream().mapToInt(TaskVertex::parallelism).max().orElse(0);
  }

  private List<Edge> inputsOf(int vertex) {
    return edges.stream().filter(e -> e.target() == vertex).toList();
  }

  private List<Edge> outputsOf(int vertex) {
    return edges.stream().filter(e -> e.source() == vertex).toList();
  }

  /**
   * Whether {@code e} runs inside one task: a forward edge between operators of the same parallelism
   * that may be chained, into an operator with no other input. An operator may feed several chained
   * operators (a fan-out stays in its task); each record then goes to each of them in turn.
   */
  private boolean chainsInto(Edge e) {
    Vertex up = vertex(e.source());
    Vertex down = vertex(e.target());
    return e.partitioning() == Partitioning.FORWARD
        && up.parallelism() == down.parallelism()
        && up.chainable() && down.chainable()
        && inputsOf(down.id()).size() == 1;
  }

  private List<TaskVertex> chain() {
    List<TaskVertex> result = new ArrayList<>();
    for (Vertex v : vertices) {
      List<Edge> in = inputsOf(v.id());
      if (in.size() == 1 && chainsInto(in.get(0))) {
        continue; // not a head: its upstream's chain takes it
      }
      List<Vertex> chain = new ArrayList<>();
      List<Edge> chained = new ArrayList<>();
      List<Edge> outputs = new ArrayList<>();
      collect(v, chain, chained, outputs);
      result.add(new TaskVertex(v.id(), describe(v), v.parallelism(), List.copyOf(chain), in, List.copyOf(outputs),
          List.copyOf(chained)));
    }
    return Collections.unmodifiableList(result);
  }

  /** Adds {@code v} and what it chains into, upstream before downstream, and sorts its output edges into chained and leaving. */
  private void collect(Vertex v, List<Vertex> chain, List<Edge> chained, List<Edge> outputs) {
    chain.add(v);
    for (Edge out : outputsOf(v.id())) {
      if (chainsInto(out)) {
        chained.add(out);
        collect(vertex(out.target()), chain, chained, outputs);
      } else {
        outputs.add(out);
      }
    }
  }

  /** "a -> b -> c" for a line of chained operators, "a -> (b | c -> d)" where one feeds several. */
  private String describe(Vertex v) {
    List<String> next = new ArrayList<>();
    for (Edge out : outputsOf(v.id())) {
      if (chainsInto(out)) {
        next.add(describe(vertex(out.target())));
      }
    }
    if (next.isEmpty()) {
      return v.name();
    }
    return v.name() + " -> " + (next.size() == 1 ? next.get(0) : "(" + String.join(" | ", next) + ")");
  }

  private List<Set<TaskId>> computeRegions() {
    Map<TaskId, TaskId> parent = new HashMap<>();
    for (TaskId t : allSubtasks()) {
      parent.put(t, t);
    }
    for (Edge e : edges) {
      TaskVertex up = taskByVertex.get(e.source());
      TaskVertex down = taskByVertex.get(e.target());
      if (up == down) {
        continue;
      }
      if (e.allToAll()) {
        for (int i = 0; i < up.parallelism(); i++) {
          for (int j = 0; j < down.parallelism(); j++) {
            union(parent, new TaskId(up.id(), i), new TaskId(down.id(), j));
          }
        }
      } else {
        for (int i = 0; i < up.parallelism(); i++) {
          union(parent, new TaskId(up.id(), i), new TaskId(down.id(), i));
        }
      }
    }
    Map<TaskId, Set<TaskId>> groups = new LinkedHashMap<>();
    for (TaskId t : allSubtasks()) {
      groups.computeIfAbsent(find(parent, t), k -> new HashSet<>()).add(t);
    }
    List<Set<TaskId>> result = new ArrayList<>();
    for (Set<TaskId> g : groups.values()) {
      result.add(Collections.unmodifiableSet(g));
    }
    return Collections.unmodifiableList(result);
  }

  private static TaskId find(Map<TaskId, TaskId> parent, TaskId t) {
    TaskId p = parent.get(t);
    while (!p.equals(parent.get(p))) {
      p = parent.get(p);
    }
    parent.put(t, p);
    return p;
  }

  private static void union(Map<TaskId, TaskId> parent, TaskId a, TaskId b) {
    TaskId ra = find(parent, a);
    TaskId rb = find(parent, b);
    if (!ra.equals(rb)) {
      parent.put(ra, rb);
    }
  }
}
