package io.weir.verticles;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.TaskStateSnapshot;
import io.weir.checkpoint.storage.StorageUri;
import io.weir.cluster.Addresses;
import io.weir.cluster.protocol.AcknowledgeCheckpoint;
import io.weir.cluster.protocol.CheckpointComplete;
import io.weir.cluster.protocol.DeclineCheckpoint;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.StartTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskFailed;
import io.weir.cluster.protocol.TaskFirstRecord;
import io.weir.cluster.protocol.TaskReport;
import io.weir.cluster.protocol.TaskRestore;
import io.weir.cluster.protocol.TaskRunning;
import io.weir.cluster.protocol.TriggerCheckpoint;
import io.weir.config.WeirConfig;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import io.weir.runtime.TaskId;
import io.weir.runtime.graph.JobGraph;
import io.weir.runtime.network.CheckpointBarrier;
import io.weir.util.FileTrees;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rehearses, once when a worker starts and before it registers, what a restart asks of it: a small
 * keyed count deployed as real task verticles, started, checkpointed, cancelled, deployed again
 * from that checkpoint and run until records flow, with its messages kept in this JVM and its
 * reports taken here instead of by a coordinator. A replacement worker is otherwise cold when the
 * restarted tasks reach it: on a fresh JVM, building a task's chain took 41–143 ms and restoring
 * 5 MB of state 47–93 ms, against 2–21 ms and 0–49 ms on a worker that had run tasks, because the
 * classes of the deployment, the operators, the channels and the checkpoint were loaded, and their
 * code interpreted, while the job waited.
 */
final class DeploymentRehearsal {
  private static final Logger log = LoggerFactory.getLogger(DeploymentRehearsal.class);
  private static final long DEADLINE_MS = 20_000;
  /** The JVM's classes and compiled code serve every worker in it: one rehearsal per JVM is enough. */
  private static final AtomicBoolean REHEARSED = new AtomicBoolean();
  /** Values of 100 bytes: a restore leaves them encoded, as it does the large values of real jobs, so that path is rehearsed too. */
  private static final JobSpec JOB = new JobSpec("keyed-count",
      List.of("--events", "0", "--keys", "1000", "--value-bytes", "100"), 1, new JsonObject());

  private final Vertx vertx;
  private final String worker;
  private final TaskVerticle.Wiring wiring;
  private final WeirConfig config;
  private final Path dir;
  private final JobId job;
  private final StorageUri storage;
  /** What the rehearsal waits for: a report of one kind from one task attempt. */
  private record Awaited(TaskAttempt attempt, Class<? extends TaskReport> kind) {
  }

  private final Map<Awaited, Promise<TaskReport>> awaited = new HashMap<>();
  private final List<String> deployed = new ArrayList<>();
  private JobGraph graph;

  DeploymentRehearsal(Vertx vertx, Context context, String worker, TaskInbox inbox, WorkerExecutor io,
                      WeirConfig config, Path dir) {
    this.vertx = vertx;
    this.worker = worker;
    this.config = config;
    this.dir = dir;
    this.job = new JobId("rehearsal-" + worker.toLowerCase().replaceAll("[^a-z0-9._-]", "-"));
    this.storage = StorageUri.directory(dir.resolve("checkpoints"));
    this.wiring = new TaskVerticle.Wiring(inbox, io, report -> context.runOnContext(v -> onReport(report)));
  }

  /**
   * Runs the rehearsal on the worker's context, the first time in this JVM; completes (never fails)
   * when it ran through, failed or timed out. A failure is logged, never fatal: the worker is only colder.
   */
  Future<Void> run() {
    if (!REHEARSED.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    long start = System.nanoTime();
    return rehearse()
        .onSuccess(v -> log.debug("worker {} rehearsed a deployment and a restore in {} ms", worker,
            (System.nanoTime() - start) / 1_000_000))
        .onFailure(e -> log.debug("worker {} could not rehearse a deployment: {}", worker, e.getMessage()))
        .otherwiseEmpty();
  }

  /** The rehearsal itself; fails with the reason when a step failed or the whole took longer than its deadline. */
  Future<Void> rehearse() {
    long deadline = vertx.setTimer(DEADLINE_MS, id -> failAll("it took longer than " + DEADLINE_MS + " ms"));
    return vertx.executeBlocking(() -> JOB.build(config).graph())
        .compose(g -> {
          graph = g;
          return runAttempt(1, task -> new TaskRestore.FreshStart(), true);
        })
        .compose(checkpoint -> runAttempt(2, task -> restoreOf(checkpoint, task), false))
        .<Void>mapEmpty()
        .eventually(() -> undeployAll()
            .compose(v -> vertx.executeBlocking(() -> {
              FileTrees.deleteQuietly(dir);
              return null;
            }))
            .onComplete(ar -> vertx.cancelTimer(deadline)));
  }

  /**
   * Deploys and starts attempt {@code attempt} of every task, waits for records at each; with
   * {@code checkpoint}, then takes checkpoint 1 and returns the tasks' snapshots. Cancels the tasks.
   */
  private Future<Map<TaskId, TaskStateSnapshot>> runAttempt(int attempt, Function<TaskId, TaskRestore> restore,
                                                            boolean checkpoint) {
    Map<TaskId, String> placement = new LinkedHashMap<>();
    for (TaskId t : graph.allSubtasks()) {
      placement.put(t, worker);
    }
    Map<TaskId, DeployTask> deployments = new LinkedHashMap<>();
    for (TaskId t : placement.keySet()) {
      deployments.put(t, new DeployTask(0, new TaskAttempt(job, t, attempt), JOB, config.toJson(), storage.format(),
          restore.apply(t), placement));
    }
    List<Future<TaskReport>> running = new ArrayList<>();
    List<Future<?>> deploys = new ArrayList<>();
    for (DeployTask d : deployments.values()) {
      running.add(await(d.attempt(), TaskRunning.class));
      Path taskDir = dir.resolve(d.attempt().task().vertex() + "-" + d.attempt().task().subtask() + "-a" + attempt);
      deploys.add(vertx.deployVerticle(new TaskVerticle(d, taskDir, wiring),
          new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)).onSuccess(deployed::add));
    }
    return Future.all(deploys).compose(v -> Future.all(running))
        .compose(v -> {
          List<Future<TaskReport>> records = new ArrayList<>();
          for (DeployTask d : deployments.values()) {
            records.add(await(d.attempt(), TaskFirstRecord.class));
            send(d, new StartTask(0, d.attempt()));
          }
          return Future.all(records);
        })
        .compose(v -> checkpoint ? checkpoint(deployments) : Future.succeededFuture(Map.<TaskId, TaskStateSnapshot>of()))
        .eventually(this::undeployAll);
  }

  /** Triggers checkpoint 1 at the sources; completes with every task's acknowledged snapshot once all acknowledged. */
  private Future<Map<TaskId, TaskStateSnapshot>> checkpoint(Map<TaskId, DeployTask> deployments) {
    CheckpointId id = new CheckpointId(1);
    Map<TaskId, Future<TaskReport>> acks = new LinkedHashMap<>();
    for (DeployTask d : deployments.values()) {
      acks.put(d.attempt().task(), await(d.attempt(), AcknowledgeCheckpoint.class));
    }
    CheckpointBarrier barrier = new CheckpointBarrier(id, System.currentTimeMillis(), false, null);
    for (DeployTask d : deployments.values()) {
      if (graph.task(d.attempt().task().vertex()).isSource()) {
        send(d, new TriggerCheckpoint(0, d.attempt(), barrier));
      }
    }
    return Future.all(new ArrayList<>(acks.values())).map(v -> {
      Map<TaskId, TaskStateSnapshot> snapshots = new HashMap<>();
      acks.forEach((t, ack) -> snapshots.put(t, ((AcknowledgeCheckpoint) ack.result()).state()));
      for (DeployTask d : deployments.values()) {
        send(d, new CheckpointComplete(0, d.attempt(), id));
      }
      return snapshots;
    });
  }

  private TaskRestore restoreOf(Map<TaskId, TaskStateSnapshot> checkpoint, TaskId task) {
    TaskStateSnapshot s = checkpoint.get(task);
    Map<String, List<byte[]>> operators = new LinkedHashMap<>();
    s.operatorState().forEach((name, bytes) -> operators.put(name, List.of(bytes)));
    return new TaskRestore.FromCheckpoint(new CheckpointId(1), storage.format(),
        s.keyed() == null ? List.of() : List.of(s.keyed()), operators);
  }

  /** The report of kind {@code kind} from {@code attempt}, when it comes. */
  private Future<TaskReport> await(TaskAttempt attempt, Class<? extends TaskReport> kind) {
    Promise<TaskReport> p = Promise.promise();
    awaited.put(new Awaited(attempt, kind), p);
    return p.future();
  }

  private void onReport(TaskReport report) {
    if (report instanceof TaskFailed f) {
      failAll("task " + f.attempt() + " failed: " + f.error());
      return;
    }
    if (report instanceof DeclineCheckpoint d) {
      failAll("task " + d.attempt() + " declined the checkpoint");
      return;
    }
    Promise<TaskReport> p = awaited.remove(new Awaited(report.attempt(), report.getClass()));
    if (p != null) {
      p.tryComplete(report);
    }
  }

  private void failAll(String why) {
    List<Promise<TaskReport>> all = new ArrayList<>(awaited.values());
    awaited.clear();
    all.forEach(p -> p.tryFail(why));
  }

  private void send(DeployTask d, Record message) {
    TaskRoutes.Route to = new TaskRoutes(d, true).of(Addresses.taskControl(d.attempt()));
    vertx.eventBus().send(to.inbox(), message, to.options());
  }

  private Future<Void> undeployAll() {
    List<Future<Void>> all = new ArrayList<>();
    for (String id : deployed) {
      all.add(vertx.undeploy(id).otherwiseEmpty());
    }
    deployed.clear();
    return Future.join(all).mapEmpty();
  }
}
