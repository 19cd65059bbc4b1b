package io.weir.runtime;

/** One subtask of a task vertex (a chain): what is deployed as one task verticle. */
public record TaskId(int vertex, int subtask) implements Comparable<TaskId> {

  @Override
  public int compareTo(TaskId o) {
    return vertex != o.vertex ? Integer.compare(vertex, o.vertex) : Integer.compare(subtask, o.subtask);
  }

  @Override
  public String toString() {
    return vertex + "." + subtask;
  }
}
