package io.weir.cluster;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.weir.checkpoint.CheckpointCoordinator;
import io.weir.checkpoint.CheckpointMetadata;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.CheckpointStorages;
import io.weir.cluster.protocol.CancelTask;
import io.weir.cluster.protocol.HeartbeatReply;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskReport;
import io.weir.cluster.ha.StoredJob;
import io.weir.config.WeirConfig;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's jobs and workers: accepts submissions (building the job's graph first, so a bad job
 * or bad arguments are refused with a clear error), routes task reports to their job, tells jobs
 * when workers come and go, and cancels stray task attempts that a worker still runs.
 */
public final class JobManager implements WorkerRegistry.Listener {
  private static final Logger log = LoggerFactory.getLogger(JobManager.class);

  private final WeirConfig clusterConfig;
  private final CoordinatorContext ctx;
  private final ClusterGateway gateway;
  private final WorkerRegistry workers;
  private long epoch;
  private JobRecords records;
  private final Map<JobId, JobMaster> jobs = new LinkedHashMap<>();
  private java.util.function.Consumer<Worker> unresponsiveHandler = w -> { };
  private java.util.function.Supplier<JsonObject> leadership = JsonObject::new;

  public JobManager(WeirConfig clusterConfig, CoordinatorContext ctx, ClusterGateway gateway, long epoch) {
    this.clusterConfig = clusterConfig;
    this.ctx = ctx;
    this.gateway = gateway;
    this.epoch = epoch;
    this.workers = new WorkerRegistry(clusterConfig.heartbeat().interval(), clusterConfig.heartbeat().timeout(), this);
  }

  public WorkerRegistry workers() {
    return workers;
  }

  public WeirConfig clusterConfig() {
    return clusterConfig;
  }

  public long epoch() {
    return epoch;
  }

  /** What {@link #overview()} says of the election (role, leader, epoch); nothing by default. */
  public void describeLeadership(java.util.function.Supplier<JsonObject> leadership) {
    this.leadership = leadership;
  }

  /** Whether this manager leads now, with a job store (a standby's manager has no jobs and no workers). */
  public boolean leading() {
    return records != null;
  }

  /**
   * This coordinator won the lead: from now on it runs jobs under {@code records}' epoch, and first
   * restarts every job the store holds that has not ended from its latest completed checkpoint:
   * the jobs it knew were stored first (their records read by key), then any others a scan of the
   * whole store finds. Completes with the jobs taken over; may be called again under the same epoch
   * when loading failed.
   */
  public Future<List<JobMaster>> lead(JobRecords records) {
    this.records = records;
    this.epoch = records.epoch();
    return records.takeOverKnown().compose(known -> resumeAll(records, known))
        .compose(first -> records.takeOver().compose(all -> resumeAll(records, all)).map(rest -> {
          List<JobMaster> taken = new ArrayList<>(first);
          taken.addAll(rest);
          return taken;
        }));
  }

  private Future<List<JobMaster>> resumeAll(JobRecords records, List<StoredJob> stored) {
    if (this.records != records) {
      return Future.failedFuture("the lead of epoch " + records.epoch() + " ended while its jobs were loading");
    }
    List<Future<JobMaster>> resumed = new ArrayList<>();
    for (StoredJob job : stored) {
      if (jobs.containsKey(job.id())) {
        continue; // submitted to this leader meanwhile, or taken over already
      }
      resumed.add(resume(job).onFailure(e -> log.error("job {} cannot be taken over: {}", job.id(), e.getMessage())));
    }
    return Future.join(resumed).transform(ar -> Future.succeededFuture(
        resumed.stream().filter(Future::succeeded).map(Future::result).toList()));
  }

  /**
   * This coordinator lost the lead: every job master stops where it is, sending nothing more, and
   * the workers are forgotten (they register with the next leader). The store keeps the jobs.
   */
  public void standDown() {
    for (JobMaster job : jobs.values()) {
      job.abandon();
    }
    jobs.clear();
    workers.forgetAll();
    records = null;
  }

  private JobJournal journal() {
    return records == null ? JobJournal.NONE : records;
  }

  private Future<JobMaster> resume(StoredJob stored) {
    JobSpec.Built built;
    WeirConfig settings;
    try {
      settings = WeirConfig.fromJson(stored.clusterSettings());
      built = stored.spec().build(settings);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String from = stored.latestCheckpoint() != null ? stored.latestCheckpoint().location() : stored.savepoint();
    Future<CheckpointMetadata> state = from == null ? Future.succeededFuture()
        : ctx.executeBlocking(() -> CheckpointMetadata.load(from, ctx.vertx()));
    JobRecords term = records;
    return state.compose(restored -> records != term || jobs.containsKey(stored.id())
        ? Future.failedFuture("the lead of epoch " + term.epoch() + " ended (or the job runs already) before job "
            + stored.id() + " was loaded")
        : Future.succeededFuture(start(stored.id(), stored.spec(), built, settings, restored,
            JobStart.takenOver(term, term.epoch()))));
  }

  private JobMaster start(JobId id, JobSpec spec, JobSpec.Built built, WeirConfig settings, CheckpointMetadata from,
                          JobStart start) {
    var c = built.config().checkpoint();
    CheckpointStorage storage = CheckpointStorages.open(CheckpointStorages.uriFor(c.storage(), c.dir()), ctx.vertx());
    JobMaster job = new JobMaster(id, spec, built, settings.toJson(), storage, ctx, gateway, workers, epoch, from, start);
    jobs.put(id, job);
    job.start();
    return job;
  }

  /**
   * Submits a job. Fails with a message naming the problem when the job is unknown, its arguments
   * or settings are wrong, or the savepoint cannot be read.
   */
  public Future<JobMaster> submit(JobSpec spec, String fromSavepoint) {
    JobSpec.Built built;
    try {
      built = spec.build(clusterConfig);
      io.weir.security.SubmissionPolicy.check(clusterConfig, spec, built, fromSavepoint);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    JobId id = JobId.generate(built.job().name());
    Future<CheckpointMetadata> initial = fromSavepoint == null ? Future.succeededFuture()
        : ctx.executeBlocking(() -> CheckpointMetadata.load(fromSavepoint, ctx.vertx()));
    JobRecords stored = records;
    return initial.compose(savepoint -> (stored == null ? Future.<Void>succeededFuture()
            : stored.created(StoredJob.submitted(id, spec, clusterConfig.toJson(), fromSavepoint)))
        .map(v -> start(id, spec, built, clusterConfig, savepoint, JobStart.submitted(journal()))));
  }

  public JobMaster job(JobId id) {
    return jobs.get(id);
  }

  /** Finds a job by id, failing with the known ids when there is none. */
  public JobMaster require(String id) {
    JobMaster job = null;
    try {
      job = jobs.get(new JobId(id));
    } catch (IllegalArgumentException e) {
      // not even a well-formed id
    }
    if (job == null) {
      throw new UnknownJobIdException("no job with id '" + id + "'" + (jobs.isEmpty() ? " (no jobs have been submitted)"
          : " (known: " + String.join(", ", jobs.keySet().stream().map(JobId::value).toList()) + ")"));
    }
    return job;
  }

  /** No job has that id. */
  public static final class UnknownJobIdException extends RuntimeException {
    public UnknownJobIdException(String message) {
      super(message);
    }
  }

  public Collection<JobMaster> jobs() {
    return List.copyOf(jobs.values());
  }

  /** A report from a task attempt, routed to its job; returns false when the message is not a task report. */
  public boolean onTaskMessage(Record message) {
    if (!(message instanceof TaskReport report)) {
      return false;
    }
    JobMaster master = jobs.get(report.attempt().job());
    if (master != null) {
      master.onTaskMessage(report);
    }
    return true;
  }

  /** A worker's heartbeat answer: cancels attempts it runs that no job knows as current. */
  public void onHeartbeatReply(HeartbeatReply reply) {
    if (!workers.heartbeatAnswered(reply.name(), reply.incarnation(), ctx.now())) {
      return;
    }
    Worker w = workers.worker(reply.name());
    for (TaskAttempt a : reply.tasks()) {
      JobMaster job = jobs.get(a.job());
      if (job == null || !job.isCurrent(a)) {
        log.info("worker {} still runs stale task attempt {}; cancelling it", reply.name(), a);
        gateway.cancel(w, new CancelTask(epoch, a, "stale attempt"));
      }
    }
  }

  /** What to do about a worker that stopped answering (the coordinator verticle evicts its cluster member). */
  public void onUnresponsive(java.util.function.Consumer<Worker> handler) {
    this.unresponsiveHandler = handler;
  }

  @Override
  public void workerUnresponsive(Worker worker) {
    unresponsiveHandler.accept(worker);
  }

  @Override
  public void workerAdded(Worker worker) {
    for (JobMaster job : new ArrayList<>(jobs.values())) {
      job.slotsAvailable();
    }
  }

  @Override
  public void workerLost(Worker worker, String reason, long detectedAt) {
    for (JobMaster job : new ArrayList<>(jobs.values())) {
      job.workerLost(worker, reason, detectedAt);
    }
    for (JobMaster job : new ArrayList<>(jobs.values())) {
      job.slotsAvailable();
    }
  }

  public JsonObject overview() {
    return new JsonObject()
        .put("workers", workers.workers().size())
        .put("slots", workers.totalSlots())
        .put("freeSlots", workers.freeSlots())
        .put("jobs", jobs.size())
        .mergeIn(leadership.get());
  }
}
