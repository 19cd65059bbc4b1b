package io.weir.rest;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.weir.checkpoint.CheckpointStats;
import io.weir.cluster.Execution;
import io.weir.cluster.FailureRecord;
import io.weir.cluster.JobManager;
import io.weir.cluster.JobMaster;
import io.weir.cluster.JobStatus;
import io.weir.runtime.TaskId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Weir's Prometheus metrics per job and per subtask, next to Vert.x's own. {@link #refresh} copies
 * the job manager's numbers into the meters right before each scrape, on the coordinator's context
 * (the meters only read those copies). Meters of a job appear when it is first scraped.
 */
final class JobMetrics {
  /** The numbers of one job as of the last refresh. */
  private static final class JobValues {
    volatile double read;
    volatile double written;
    volatile double restarts;
    volatile double running;
    volatile double completed;
    volatile double failed;
    volatile double lastDuration;
    volatile double lastSize;
    volatile double lastUploaded;
    volatile double lastRecovery;
  }

  /** The numbers of one subtask's current attempt. */
  private static final class TaskValues {
    volatile double in;
    volatile double out;
    volatile double backpressured;
  }

  private static final class ClusterValues {
    volatile double workers;
    volatile double slots;
    volatile double freeSlots;
  }

  private final MeterRegistry registry;
  private final Map<String, JobValues> jobs = new HashMap<>();
  private final Map<String, TaskValues> tasks = new HashMap<>();
  private final ClusterValues cluster = new ClusterValues();

  JobMetrics(MeterRegistry registry) {
    this.registry = registry;
    gauge("weir.cluster.workers", "Workers registered with the coordinator", cluster, c -> c.workers, Tags.empty(), null);
    gauge("weir.cluster.slots", "Task slots of all workers", cluster, c -> c.slots, Tags.empty(), null);
    gauge("weir.cluster.slots.free", "Task slots no job holds", cluster, c -> c.freeSlots, Tags.empty(), null);
  }

  void refresh(JobManager manager) {
    var overview = manager.overview();
    cluster.workers = overview.getInteger("workers");
    cluster.slots = overview.getInteger("slots");
    cluster.freeSlots = overview.getInteger("freeSlots");
    long now = System.currentTimeMillis();
    for (JobMaster job : manager.jobs()) {
      JobValues v = jobs.computeIfAbsent(job.id().value(), id -> register(job));
      v.read = job.recordsRead();
      v.written = job.recordsWritten();
      List<FailureRecord> failures = job.failures();
      v.restarts = failures.size();
      v.running = job.status() == JobStatus.RUNNING ? 1 : 0;
      for (FailureRecord f : failures) {
        if (f.firstRecordAt() > 0) {
          v.lastRecovery = (f.firstRecordAt() - f.failedAt()) / 1000.0;
        }
      }
      int completed = 0;
      int failed = 0;
      for (CheckpointStats s : job.checkpoints().history()) {
        if (s.status() == CheckpointStats.Status.COMPLETED) {
          completed++;
          v.lastDuration = s.durationMillis(now) / 1000.0;
          v.lastSize = s.stateSize();
          v.lastUploaded = s.uploadedSize();
        } else if (s.status() != CheckpointStats.Status.IN_PROGRESS) {
          failed++;
        }
      }
      v.completed = Math.max(v.completed, completed);
      v.failed = Math.max(v.failed, failed);
      for (Execution e : job.executions()) {
        TaskId t = e.attempt().task();
        String name = job.graph().task(t.vertex()).name();
        TaskValues tv = tasks.computeIfAbsent(job.id().value() + "/" + t, k -> register(job, name, t.subtask()));
        tv.in = e.recordsIn();
        tv.out = e.recordsOut();
        tv.backpressured = e.backpressured() ? 1 : 0;
      }
    }
  }

  private JobValues register(JobMaster job) {
    JobValues v = new JobValues();
    Tags tags = Tags.of("job_id", job.id().value(), "job_name", job.graph().jobName());
    counter("weir.job.records.read", "Records read by the job's sources, over all attempts", v, x -> x.read, tags);
    counter("weir.job.records.written", "Records that reached the job's sinks, over all attempts", v, x -> x.written, tags);
    counter("weir.job.restarts", "Failures the job recovered or tried to recover from", v, x -> x.restarts, tags);
    counter("weir.job.checkpoints.completed", "Checkpoints completed", v, x -> x.completed, tags);
    counter("weir.job.checkpoints.failed", "Checkpoints that failed or were aborted", v, x -> x.failed, tags);
    gauge("weir.job.running", "1 while the job runs, else 0", v, x -> x.running, tags, null);
    gauge("weir.job.checkpoint.last.duration", "Duration of the last completed checkpoint", v, x -> x.lastDuration, tags,
        "seconds");
    gauge("weir.job.checkpoint.last.size", "State size of the last completed checkpoint", v, x -> x.lastSize, tags, "bytes");
    gauge("weir.job.checkpoint.last.uploaded", "Bytes uploaded by the last completed checkpoint", v, x -> x.lastUploaded,
        tags, "bytes");
    gauge("weir.job.recovery.last.duration", "Failure to first record after the restore, of the last recovery", v,
        x -> x.lastRecovery, tags, "seconds");
    return v;
  }

  private TaskValues register(JobMaster job, String task, int subtask) {
    TaskValues v = new TaskValues();
    Tags tags = Tags.of("job_id", job.id().value(), "job_name", job.graph().jobName(), "task", task,
        "subtask", Integer.toString(subtask));
    counter("weir.task.records.in", "Records into the subtask's current attempt", v, x -> x.in, tags);
    counter("weir.task.records.out", "Records out of the subtask's current attempt", v, x -> x.out, tags);
    gauge("weir.task.backpressured", "1 while the subtask waits for credit downstream, else 0", v, x -> x.backpressured,
        tags, null);
    return v;
  }

  private <T> void counter(String name, String help, T values, ToDoubleFunction<T> f, Tags tags) {
    FunctionCounter.builder(name, values, f).description(help).tags(tags).register(registry);
  }

  private <T> void gauge(String name, String help, T values, ToDoubleFunction<T> f, Tags tags, String unit) {
    Gauge.builder(name, values, f).description(help).tags(tags).baseUnit(unit).strongReference(true).register(registry);
  }
}
