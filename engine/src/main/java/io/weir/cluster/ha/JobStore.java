package io.weir.cluster.ha;

import io.weir.cluster.JobStatus;
import io.weir.runtime.JobId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every job a leader runs, kept where the next leader finds it (replicated Hazelcast maps in a
 * cluster). Every write carries the writer's epoch and is refused, with {@link StaleEpochException},
 * when the job was written under a higher one. Calls block: use them off the event loop.
 */
public interface JobStore {

  /** Stores a job just submitted (or replaces its record). */
  void create(long epoch, StoredJob job);

  void updateStatus(long epoch, JobId id, JobStatus status);

  /** Records a completed checkpoint; call before sinks are told to commit it. */
  void completeCheckpoint(long epoch, JobId id, CheckpointPointer pointer);

  /** Deletes an ended job's record. */
  void forget(long epoch, JobId id);

  /** The job's record; null when there is none. */
  StoredJob get(JobId id);

  /**
   * For a new leader: raises every record to {@code epoch} (so an older leader's writes are refused
   * from now on) and returns the jobs that have not ended.
   */
  List<StoredJob> takeOver(long epoch);

  /**
   * The jobs this process has seen stored, kept current by the store's own events (so a write may
   * reach it a moment late). A new leader takes these over first ({@link #takeOver(long, Set)}),
   * which reads their records only: it waits for a partition that lost its owner with the leader
   * only when one of theirs is such, where a full scan always does. Then it scans for the rest.
   */
  Set<JobId> knownJobs();

  /** {@link #takeOver(long)} of these jobs only; one that has no record (any more) is left out. */
  List<StoredJob> takeOver(long epoch, Set<JobId> ids);

  /** Applies one write; the implementations' one primitive, shared by the methods above. */
  JobUpdate.Result write(long epoch, JobId id, JobUpdate update);

  /** The result of a write, or the error it deserves. */
  static StoredJob checked(JobId id, JobUpdate update, JobUpdate.Result result, long epoch) {
    if (result.refusedBy() != 0) {
      throw new StaleEpochException("job store write (" + update.getClass().getSimpleName().toLowerCase()
          + ") of job " + id, epoch, result.refusedBy());
    }
    if (result.missing()) {
      throw new IllegalStateException("job store has no job " + id + " to apply " + update.encode() + " to");
    }
    return result.job();
  }

  /** The rule for every write: the default methods all go through {@link #write}. */
  abstract class Base implements JobStore {
    @Override
    public void create(long epoch, StoredJob job) {
      apply(epoch, job.id(), new JobUpdate.Create(job));
    }

    @Override
    public void updateStatus(long epoch, JobId id, JobStatus status) {
      apply(epoch, id, new JobUpdate.Status(status));
    }

    @Override
    public void completeCheckpoint(long epoch, JobId id, CheckpointPointer pointer) {
      apply(epoch, id, new JobUpdate.Checkpoint(pointer));
    }

    @Override
    public void forget(long epoch, JobId id) {
      apply(epoch, id, new JobUpdate.Forget());
    }

    private void apply(long epoch, JobId id, JobUpdate update) {
      checked(id, update, write(epoch, id, update), epoch);
    }

    /** None: a store without events of its own leaves the new leader to its full scan. */
    @Override
    public Set<JobId> knownJobs() {
      return Set.of();
    }

    @Override
    public List<StoredJob> takeOver(long epoch, Set<JobId> ids) {
      JobUpdate takeOver = new JobUpdate.TakeOver();
      return ids.stream().map(id -> {
        JobUpdate.Result result = write(epoch, id, takeOver);
        return result.missing() ? null : checked(id, takeOver, result, epoch);
      }).filter(j -> j != null && !j.ended()).toList();
    }
  }

  /** Records in this JVM only (a coordinator without a cluster, and tests); same rules. */
  final class InMemory extends Base {
    private final Map<JobId, StoredJob> jobs = new ConcurrentHashMap<>();

    @Override
    public JobUpdate.Result write(long epoch, JobId id, JobUpdate update) {
      JobUpdate.Result[] result = new JobUpdate.Result[1];
      jobs.compute(id, (k, current) -> {
        result[0] = update.apply(current, epoch);
        return result[0].applied() ? result[0].job() : current;
      });
      return result[0];
    }

    @Override
    public StoredJob get(JobId id) {
      return jobs.get(id);
    }

    @Override
    public List<StoredJob> takeOver(long epoch) {
      return takeOver(epoch, knownJobs());
    }

    @Override
    public Set<JobId> knownJobs() {
      return Set.copyOf(jobs.keySet());
    }
  }
}
