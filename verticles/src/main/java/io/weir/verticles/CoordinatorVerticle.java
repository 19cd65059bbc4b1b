package io.weir.verticles;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.weir.cluster.FencedGateway;
import io.weir.cluster.JobManager;
import io.weir.cluster.JobRecords;
import io.weir.cluster.ha.ElectionSettings;
import io.weir.cluster.ha.LeaderElection;
import io.weir.cluster.ha.LeaderRole;
import io.weir.config.WeirConfig;
import io.weir.node.CoordinatorHa;
import io.weir.node.WeirRuntime;
import io.weir.rest.LeaderForwarding;
import io.weir.rest.RestApi;
import io.weir.rest.RestSecurity;
import java.net.BindException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator: wires the {@link JobManager} to the event bus and serves the REST API and
 * dashboard. A coordinator started as one of the cluster's coordinators (its Hazelcast member names
 * it) takes part in the leader election: only while it leads does it run jobs and do the leader's
 * work ({@link LeaderDuties}); as a standby it serves the REST API and forwards what changes jobs to
 * the leader. Any other coordinator leads at once, alone, as before. The logic is in the engine.
 */
public final class CoordinatorVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(CoordinatorVerticle.class);
  private static final long TAKEOVER_RETRY_MS = 100;

  /**
   * {@code restPort} 0 picks a free port; -1 serves no REST API. {@code rest} says how the REST API is
   * protected. {@code election} null: the defaults.
   */
  public record Options(WeirConfig config, String restHost, int restPort, PrometheusMeterRegistry metrics,
                        RestSecurity rest, ElectionSettings election) {
    public Options(WeirConfig config, String restHost, int restPort, PrometheusMeterRegistry metrics) {
      this(config, restHost, restPort, metrics, RestSecurity.none(), null);
    }

    public Options(WeirConfig config, String restHost, int restPort, PrometheusMeterRegistry metrics, RestSecurity rest) {
      this(config, restHost, restPort, metrics, rest, null);
    }

    public Options(WeirConfig config, String restHost, int restPort, PrometheusMeterRegistry metrics,
                   ElectionSettings election) {
      this(config, restHost, restPort, metrics, RestSecurity.none(), election);
    }

    /** The election's settings: the given ones, else the defaults with a majority of coordinators. */
    public ElectionSettings electionSettings() {
      if (election != null) {
        return election;
      }
      ElectionSettings d = ElectionSettings.defaults();
      return new ElectionSettings(d.checkInterval(), d.lease(), ElectionSettings.QuorumScope.COORDINATORS,
          d.expectedMembers(), d.forgetMembersAfter());
    }
  }

  private final Options options;
  private JobManager jobs;
  private HttpServer http;
  private LeaderDuties duties;
  private CoordinatorHa ha;
  private LeaderElection election;
  private ElectionRunner runner;
  private ContextCoordinatorContext ctx;

  public CoordinatorVerticle(Options options) {
    this.options = options;
  }

  public JobManager jobs() {
    return jobs;
  }

  /** Whether this coordinator leads now (always, for one that takes no part in an election). */
  public boolean leading() {
    return election == null || election.role() == LeaderRole.LEADING;
  }

  /** This coordinator's name in the election; null when it takes no part in one. */
  public String name() {
    return ha == null ? null : ha.name();
  }

  /** The election, or null when this coordinator takes no part in one. */
  public LeaderElection election() {
    return election;
  }

  /** Runs {@code action} on the coordinator's context, where the job manager may be used. */
  public <T> Future<T> call(java.util.function.Function<JobManager, Future<T>> action) {
    io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
    context.runOnContext(v -> {
      try {
        action.apply(jobs).onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  /** The port the REST API listens on (after start). */
  public int restPort() {
    return http == null ? -1 : http.actualPort();
  }

  @Override
  public Future<?> start() {
    if (options.restPort() >= 0) {
      try {
        options.rest().checkBind(options.restHost());
      } catch (IllegalStateException e) {
        return Future.failedFuture(e);
      }
    }
    WeirRuntime.install(vertx);
    ctx = new ContextCoordinatorContext(vertx, context);
    ha = CoordinatorHa.of(vertx);
    Future<?> leading;
    if (ha == null) {
      long epoch = System.currentTimeMillis();
      jobs = new JobManager(options.config(), ctx, new EventBusGateway(vertx), epoch);
      duties = new LeaderDuties(vertx, context, jobs, options.config(), options.restHost(), () -> true);
      leading = duties.start().onSuccess(v -> log.info("coordinator leads alone (epoch {})", epoch));
    } else {
      ElectionSettings settings = options.electionSettings();
      election = new LeaderElection(ha.name(), ha.electionBackend(), settings, () -> System.nanoTime() / 1_000_000,
          t -> context.runOnContext(v -> onTransition(t)));
      runner = new ElectionRunner(vertx, election, settings.checkInterval(), settings.lease());
      jobs = new JobManager(options.config(), ctx, new FencedGateway(new EventBusGateway(vertx), runner::mayAct), 0);
      jobs.describeLeadership(this::leadership);
      duties = new LeaderDuties(vertx, context, jobs, options.config(), options.restHost(), runner::mayAct);
      leading = vertx.executeBlocking(ha::jobStore); // a standby follows the store from the start
    }
    Future<?> rest = Future.succeededFuture();
    if (options.restPort() >= 0) {
      io.vertx.ext.web.Router api = RestApi.router(vertx, jobs, options.metrics(), options.rest(),
          ha == null ? null : LeaderForwarding.handler(vertx, new Forwarding(), options.rest()));
      rest = vertx.createHttpServer(options.rest().serverOptions())
          .requestHandler(api)
          .listen(options.restPort(), options.restHost())
          .recover(e -> Future.failedFuture(portProblem(e)))
          .onSuccess(server -> http = server)
          .compose(server -> ha == null ? Future.succeededFuture()
              : vertx.executeBlocking(() -> {
                ha.publishRest(options.rest().scheme() + "://" + options.restHost() + ":" + server.actualPort());
                return null;
              }));
    }
    return Future.all(leading, rest).onSuccess(v -> {
      log.info("coordinator {}started{}", ha == null ? "" : ha.name() + " ",
          http == null ? "" : "; REST API on " + options.rest().scheme() + "://" + options.restHost() + ":" + http.actualPort());
      if (runner != null) {
        runner.start(context);
      }
    });
  }

  /** A change of role, on the coordinator's context, in the order the election made them. */
  private void onTransition(LeaderElection.Transition t) {
    if (t.to() == LeaderRole.LEADING) {
      duties.start().onFailure(e -> log.error("coordinator {} cannot do the leader's work: {}", ha.name(), e.getMessage()));
      takeOver(t.epoch(), System.currentTimeMillis());
    } else if (t.to() == LeaderRole.DEPOSED) {
      int running = jobs.jobs().size();
      duties.stop();
      jobs.standDown();
      log.warn("coordinator {} lost the lead of epoch {} ({}): it stopped acting for its {} jobs and stands by",
          ha.name(), t.epoch(), t.reason(), running);
    }
  }

  /**
   * Loads the stored jobs once this coordinator may act under {@code epoch}. A load that fails is
   * tried again while the lead lasts.
   */
  private void takeOver(long epoch, long since) {
    if (election.role() != LeaderRole.LEADING || election.epoch() != epoch) {
      return; // deposed meanwhile; that transition follows
    }
    if (!runner.mayAct()) {
      vertx.setTimer(TAKEOVER_RETRY_MS, id -> takeOver(epoch, since));
      return;
    }
    jobs.lead(new JobRecords(ha.jobStore(), epoch, ctx, runner::mayAct, election::observeEpoch))
        .onSuccess(taken -> log.info("coordinator {} took over {} jobs {} ms after it won the lead (epoch {})", ha.name(),
            taken.size(), System.currentTimeMillis() - since, epoch))
        .onFailure(e -> {
          log.warn("coordinator {} could not load the stored jobs ({}); trying again", ha.name(), e.getMessage());
          vertx.setTimer(TAKEOVER_RETRY_MS, id -> takeOver(epoch, since));
        });
  }

  private JsonObject leadership() {
    boolean leads = election.role() == LeaderRole.LEADING;
    JsonObject o = new JsonObject().put("role", leads ? "leader" : "standby").put("coordinator", ha.name())
        .put("epoch", leads ? election.epoch() : election.highestEpochSeen());
    return election.leader() == null ? o : o.put("leader", election.leader());
  }

  /** What the REST forwarding asks of the election. */
  private final class Forwarding implements LeaderForwarding.Leadership {
    @Override
    public boolean leading() {
      return CoordinatorVerticle.this.leading();
    }

    @Override
    public String coordinator() {
      return ha.name();
    }

    @Override
    public Future<String> leaderUrl() {
      String leader = election.leader();
      if (leader == null || leader.equals(ha.name())) {
        return Future.succeededFuture(null);
      }
      return vertx.executeBlocking(() -> ha.restOf(leader));
    }
  }

  private Throwable portProblem(Throwable e) {
    Throwable t = e;
    while (t != null) {
      if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return new IllegalStateException("port " + options.restPort() + " on " + options.restHost()
            + " is in use (is another coordinator running?); choose another with --rest-port");
      }
      t = t.getCause();
    }
    return e;
  }

  @Override
  public Future<?> stop() {
    if (runner != null) {
      runner.stop();
    }
    for (var job : jobs.jobs()) {
      job.checkpoints().stop();
    }
    Future<Void> closing = duties.stop();
    return http == null ? closing : Future.join(closing, http.close());
  }
}
