package io.weir.cluster;

import io.weir.runtime.JobId;
import io.weir.runtime.TaskId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The worker slots one job holds. Slot sharing: slot i holds subtask i of every task, so a job
 * needs as many slots as its highest parallelism. Subtasks keep their slot across restarts while
 * its worker lives; slots on lost workers are dropped and replaced by free ones, spread over the
 * workers.
 */
final class JobSlots {
  private final JobId job;
  private final WorkerRegistry workers;
  private final Map<Integer, Slot> bySubtask = new HashMap<>();

  JobSlots(JobId job, WorkerRegistry workers) {
    this.job = job;
    this.workers = workers;
  }

  /**
   * Makes sure every subtask index of {@code tasks} has a slot on a live worker. Returns how many
   * slots are still missing: 0 when the tasks can be deployed; otherwise nothing new is allocated.
   */
  int acquire(Collection<TaskId> tasks) {
    bySubtask.values().removeIf(slot -> !workers.alive(slot));
    List<Integer> missing = new ArrayList<>();
    for (TaskId t : tasks) {
      if (!bySubtask.containsKey(t.subtask()) && !missing.contains(t.subtask())) {
        missing.add(t.subtask());
      }
    }
    if (missing.isEmpty()) {
      return 0;
    }
    List<Slot> got = workers.allocate(job, missing.size(), Set.of());
    if (got == null) {
      return missing.size();
    }
    for (int i = 0; i < missing.size(); i++) {
      bySubtask.put(missing.get(i), got.get(i));
    }
    return 0;
  }

  Slot of(TaskId task) {
    return bySubtask.get(task.subtask());
  }

  /** The worker died: its slots are gone. */
  void workerLost(Worker worker) {
    bySubtask.values().removeIf(s -> s.isOn(worker));
  }

  /** Gives every slot back to its worker. */
  void releaseAll() {
    for (Slot s : bySubtask.values()) {
      workers.release(job, s);
    }
    bySubtask.clear();
  }
}
