package io.weir.cluster;

import io.weir.cluster.protocol.TaskAttempt;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.graph.TaskVertex;
import io.weir.runtime.task.TaskState;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The job master's current attempt of every subtask (its {@link Execution}), shared by the parts of
 * the job master, with the questions they ask about them and the record counts over all attempts.
 */
final class JobTasks {
  private final JobGraph graph;
  private final RecordCounts counts;
  private final Map<TaskId, Execution> executions = new TreeMap<>();

  JobTasks(JobGraph graph) {
    this.graph = graph;
    this.counts = new RecordCounts(graph);
  }

  /** The current attempt of {@code task}, or null before it was first deployed. */
  Execution get(TaskId task) {
    return executions.get(task);
  }

  /** The execution of {@code attempt} if it is the current attempt of its task, else null. */
  Execution current(TaskAttempt attempt) {
    Execution e = executions.get(attempt.task());
    return e != null && e.attempt().equals(attempt) ? e : null;
  }

  /** Makes {@code e} the current attempt of its task; the records of the one it replaces still count. */
  void replace(Execution e) {
    counts.retire(executions.put(e.attempt().task(), e));
  }

  Collection<Execution> all() {
    return executions.values();
  }

  Set<TaskId> ids() {
    return executions.keySet();
  }

  List<TaskAttempt> attempts() {
    return executions.values().stream().map(Execution::attempt).toList();
  }

  List<TaskAttempt> sourceAttempts() {
    return executions.values().stream().filter(counts::isSource).map(Execution::attempt).toList();
  }

  boolean isSink(TaskId task) {
    return counts.isSink(task.vertex());
  }

  /** Whether every subtask has been deployed. */
  private boolean complete() {
    return executions.size() == graph.allSubtasks().size();
  }

  boolean allInputEnded() {
    return complete() && executions.values().stream().allMatch(Execution::inputEnded);
  }

  boolean allRunning() {
    return complete() && executions.values().stream().allMatch(e -> e.state() == TaskState.RUNNING);
  }

  boolean allFinished() {
    return executions.values().stream().allMatch(e -> e.state() == TaskState.FINISHED);
  }

  /** "task 'sum' 2/4". */
  String describe(TaskId t) {
    return "task '" + graph.task(t.vertex()).name() + "' " + position(t);
  }

  /** Which subtask of how many: "2/4". */
  String position(TaskId t) {
    return (t.subtask() + 1) + "/" + graph.task(t.vertex()).parallelism();
  }

  long recordsRead() {
    return counts.read(executions.values());
  }

  long recordsWritten() {
    return counts.written(executions.values());
  }

  Set<String> workersUsed() {
    Set<String> names = new LinkedHashSet<>();
    for (Execution e : executions.values()) {
      names.add(e.slot().worker());
    }
    return names;
  }
}
