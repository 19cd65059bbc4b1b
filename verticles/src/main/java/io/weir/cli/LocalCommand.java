package io.weir.cli;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.JobRegistry;
import io.weir.cluster.Execution;
import io.weir.cluster.JobMaster;
import io.weir.config.Durations;
import io.weir.node.LocalCluster;
import io.weir.rest.RestApi;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import io.weir.verticles.WorkerVerticle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code local}: a coordinator and N workers in this JVM, each a Hazelcast member on loopback; runs
 * one job, prints its progress, optionally kills a worker mid-run (its member terminates without
 * leaving, as a crashed process), and when the job ends prints a summary with the failures' timings
 * and checks the job's output.
 */
@Command(name = "local", description = "Run a job on a local cluster in this JVM (optionally killing a worker mid-run).",
    mixinStandardHelpOptions = true)
final class LocalCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Mixin
  JobSettingsOptions settings;

  @Option(names = "--workers", defaultValue = "3", description = "Workers to start (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--slots", defaultValue = "2", description = "Slots per worker (default: ${DEFAULT-VALUE}).")
  int slots;

  @Option(names = "--kill-worker-after", paramLabel = "DURATION",
      description = "Kill the worker running most of the job's tasks after DURATION (e.g. 3s).")
  String killAfter;

  @Option(names = "--coordinators", defaultValue = "1", description = "Coordinators to start: one leads, the others "
      + "stand by (default: ${DEFAULT-VALUE}).")
  int coordinators;

  @Option(names = "--kill-coordinator-after", paramLabel = "DURATION",
      description = "Kill the leading coordinator after DURATION (needs --coordinators 2 or more) and print the takeover's timings.")
  String killCoordinatorAfter;

  @Option(names = "--rest-port", defaultValue = "-1", description = "Serve the REST API and dashboard on this port (default: none).")
  int restPort;

  @Option(names = "--from-savepoint", paramLabel = "PATH", description = "Start from this savepoint.")
  String fromSavepoint;

  @Parameters(index = "0", paramLabel = "JOB", description = "The job's name (word-count, checked-count) or class.")
  String job;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "The job's own arguments.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (workers <= 0 || slots <= 0) {
      throw new IllegalArgumentException("--workers and --slots must be positive");
    }
    Duration kill = killAfter == null ? null : parse(killAfter, "--kill-worker-after");
    if (kill != null && workers < 2) {
      throw new IllegalArgumentException("--kill-worker-after needs at least 2 workers, so one survives");
    }
    if (coordinators < 1) {
      throw new IllegalArgumentException("--coordinators must be 1 or more, not " + coordinators);
    }
    killCoordinator = killCoordinatorAfter == null ? null : parse(killCoordinatorAfter, "--kill-coordinator-after");
    if (killCoordinator != null && coordinators < 2) {
      throw new IllegalArgumentException("--kill-coordinator-after needs --coordinators 2 or more, so one takes over");
    }
    Job jobType = JobRegistry.find(job);
    JobSpec spec = new JobSpec(job, args, settings.parallelism, settings.settings());
    var config = cluster.config();
    String clusterName = cluster.clusterName.equals("weir") ? "weir-local-" + ProcessHandle.current().pid() : cluster.clusterName;
    Console.out().printf("starting a local cluster '%s': %s and %d workers with %d slots each%n", clusterName,
        coordinators == 1 ? "a coordinator" : coordinators + " coordinators", workers, slots);
    LocalCluster local = ServerCommands.await(LocalCluster.start(new LocalCluster.Options(clusterName, cluster.hzPort,
        workers, slots, config, restPort, coordinators)), 180, "starting the local cluster");
    try {
      return run(local, spec, jobType, kill);
    } finally {
      ServerCommands.await(local.close(), 60, "stopping the local cluster");
    }
  }

  private Duration killCoordinator;

  private static Duration parse(String text, String option) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }

  private int run(LocalCluster local, JobSpec spec, Job jobType, Duration kill) throws Exception {
    var coordinator = local.coordinator();
    JobId id = ServerCommands.await(coordinator.call(jm -> jm.submit(spec, fromSavepoint).map(JobMaster::id)), 60,
        "submitting " + spec.jobName());
    if (restPort >= 0) {
      Console.out().printf("REST API and dashboard: http://127.0.0.1:%d/%n", coordinator.restPort());
    }
    Console.out().printf("submitted job %s%n", id);
    long start = System.currentTimeMillis();
    long cpuStart = processCpuNanos();
    HeapWatch heap = new HeapWatch();
    boolean killed = false;
    LocalFailover.Timings takeover = null;
    JsonObject[] view;
    while (true) {
      coordinator = local.coordinator();
      view = ServerCommands.await(coordinator.call(jm -> {
        JobMaster j = jm.job(id);
        if (j == null) { // a new leader that has not taken the job over yet
          return Future.succeededFuture((JsonObject[]) null);
        }
        return Future.succeededFuture(new JsonObject[] {j.toJson(), RestApi.checkpoints(j), RestApi.exceptions(j),
            new JsonObject().put("victim", victim(j, local))});
      }), 30, "reading the job's status");
      if (view == null) {
        Thread.sleep(200);
        continue;
      }
      String state = view[0].getString("state");
      if (state.equals("FINISHED") || state.equals("FAILED") || state.equals("CANCELED")) {
        break;
      }
      progress(view[0], view[1]);
      if (kill != null && !killed && System.currentTimeMillis() - start >= kill.toMillis() && state.equals("RUNNING")) {
        int victim = view[3].getInteger("victim");
        killed = true;
        Console.out().printf("killing worker %s now (its Hazelcast member terminates without leaving the cluster)%n",
            local.workers().get(victim).name());
        ServerCommands.await(local.killWorker(victim), 30, "killing a worker");
      }
      if (killCoordinator != null && takeover == null && System.currentTimeMillis() - start >= killCoordinator.toMillis()
          && state.equals("RUNNING")) {
        takeover = LocalFailover.killLeaderAndFollow(local, id, 60_000);
        continue;
      }
      heap.sample();
      Thread.sleep(1000);
    }
    heap.sample();
    long cpuMillis = (processCpuNanos() - cpuStart) / 1_000_000;
    Console.out().println();
    StatusView.print(Console.out(), view[0], view[1], view[2]);
    long ms = view[0].getLong("durationMs");
    Console.out().printf("throughput   %s over %.1fs%n", Console.rate(view[0].getLong("recordsRead") * 1000.0 / Math.max(1, ms)),
        ms / 1000.0);
    Console.out().printf("heap         %s%n", heap.describe());
    if (takeover != null) {
      Console.out().printf("takeover     new leader after %d ms, job running after %d ms, first record after %d ms%n",
          takeover.led(), takeover.running(), takeover.firstRecord());
    }
    long[] durations = view[1].getJsonArray("checkpoints").stream().map(c -> (JsonObject) c)
        .filter(c -> c.getString("status").equals("COMPLETED") && c.getString("kind").equals("checkpoint"))
        .mapToLong(c -> c.getLong("durationMs")).sorted().toArray();
    Console.out().printf("result       records=%d millis=%d events_per_s=%.0f checkpoints=%d checkpoint_p50_ms=%d"
            + " checkpoint_p99_ms=%d peak_heap_after_gc_mb=%d cpu_ms=%d%n",
        view[0].getLong("recordsRead"), ms, view[0].getLong("recordsRead") * 1000.0 / Math.max(1, ms), durations.length,
        percentile(durations, 0.50), percentile(durations, 0.99), heap.peakAfterGcBytes() >> 20,
        cpuMillis);
    boolean ok = view[0].getString("state").equals("FINISHED");
    var check = jobType.outputCheck(new JobArgs(jobType.name(), spec.args()));
    if (ok && check.isPresent()) {
      Job.Verdict verdict = check.get().check();
      Console.out().println("check        " + verdict.summary());
      ok = verdict.ok();
    }
    return ok ? 0 : 1;
  }

  private static long percentile(long[] sorted, double p) {
    return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  /** The CPU time this process has used, every thread (the run's cost in cores, measured rather than assumed). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void progress(JsonObject job, JsonObject checkpoints) {
    var list = checkpoints.getJsonArray("checkpoints");
    String latest = "";
    for (int i = 0; i < list.size(); i++) {
      if (list.getJsonObject(i).getString("status").equals("COMPLETED")) {
        latest = ", checkpoint " + list.getJsonObject(i).getLong("id");
        break;
      }
    }
    Console.out().printf("  %-10s %s read, %s written%s%s%n", job.getString("state"), Console.count(job.getLong("recordsRead")),
        Console.count(job.getLong("recordsWritten")), latest,
        job.getString("waiting") == null ? "" : " (" + job.getString("waiting") + ")");
  }

  /** The index of the live worker that runs most of the job's tasks. */
  private static int victim(JobMaster job, LocalCluster local) {
    Map<String, Integer> load = new HashMap<>();
    for (Execution e : job.executions()) {
      load.merge(e.slot().worker(), 1, Integer::sum);
    }
    List<WorkerVerticle> all = local.workers();
    int best = -1;
    for (int i = 0; i < all.size(); i++) {
      if (local.alive(i) && (best < 0 || load.getOrDefault(all.get(i).name(), 0) > load.getOrDefault(all.get(best).name(), 0))) {
        best = i;
      }
    }
    return best;
  }
}
