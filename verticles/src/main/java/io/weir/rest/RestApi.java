package io.weir.rest;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.weir.api.JobArgumentException;
import io.weir.api.JobRegistry;
import io.weir.api.UnknownJobException;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.cluster.JobManager;
import io.weir.cluster.JobMaster;
import io.weir.config.ConfigException;
import io.weir.runtime.JobSpec;
import io.weir.security.SubmissionPolicy;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's REST API (Flink's shape): jobs, their graphs, throughput, checkpoints,
 * savepoints and failures, the cluster's workers, Prometheus metrics and the dashboard. Errors are
 * JSON objects with an {@code error} field that says what is wrong: 400 for a bad request (naming
 * the field), 401 without the token, 404 for what does not exist. Routes run on the coordinator's
 * context, where the job manager may be used.
 */
public final class RestApi {
  private static final Logger log = LoggerFactory.getLogger(RestApi.class);
  private static final long SAMPLE_INTERVAL_MS = 1000;
  private static final Set<String> SUBMIT_FIELDS = Set.of("job", "args", "parallelism", "settings", "fromSavepoint");
  private static final Set<String> SAVEPOINT_FIELDS = Set.of("dir");

  private RestApi() {
  }

  public static Router router(Vertx vertx, JobManager jobs, PrometheusMeterRegistry metrics) {
    return router(vertx, jobs, metrics, RestSecurity.none());
  }

  public static Router router(Vertx vertx, JobManager jobs, PrometheusMeterRegistry metrics, RestSecurity security) {
    return router(vertx, jobs, metrics, security, null);
  }

  /**
   * The API's routes; call on the coordinator's context (the throughput sampler runs there).
   * {@code jobsFront}, when not null, sees every {@code /jobs...} request once it passed the guard,
   * the token and the body limit, before the routes here (a standby's forwarding to its leader).
   */
  public static Router router(Vertx vertx, JobManager jobs, PrometheusMeterRegistry metrics, RestSecurity security,
                              Handler<RoutingContext> jobsFront) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.response().putHeader("x-content-type-options", "nosniff");
      ctx.next();
    });
    router.route().handler(new RequestGuard(security.token() == null && !security.insecure()));
    if (security.token() != null) {
      Set<String> open = new HashSet<>(DashboardAssets.paths());
      if (jobs.clusterConfig().security().metricsOpen()) {
        open.add("/metrics");
      }
      router.route().handler(new TokenAuth(security.token(), open));
    }
    router.route().handler(BodyHandler.create().setBodyLimit(1 << 20));
    if (jobsFront != null) {
      router.route("/jobs*").handler(jobsFront);
    }
    DashboardAssets.mount(router);
    ThroughputHistory history = new ThroughputHistory();
    vertx.setPeriodic(SAMPLE_INTERVAL_MS, id -> {
      long now = System.currentTimeMillis();
      jobs.jobs().forEach(j -> history.sample(j, now));
    });
    router.get("/overview").handler(ctx -> json(ctx, 200, jobs.overview()));
    router.get("/cluster").handler(ctx -> json(ctx, 200, JobViews.cluster(jobs)));
    router.get("/jobs").handler(ctx -> json(ctx, 200,
        new JsonObject().put("jobs", new JsonArray(jobs.jobs().stream().map(JobViews::summary).toList()))));
    router.get("/job-types").handler(ctx -> {
      JsonArray known = new JsonArray();
      JobRegistry.known().forEach((name, job) -> known.add(new JsonObject().put("name", name).put("usage", job.usage())));
      json(ctx, 200, new JsonObject().put("jobs", known));
    });
    router.post("/jobs").handler(ctx -> submit(ctx, jobs));
    router.get("/jobs/:id").handler(withJob(jobs, (ctx, job) -> json(ctx, 200, job.toJson())));
    router.post("/jobs/:id/cancel").handler(withJob(jobs, RestApi::cancel));
    router.delete("/jobs/:id").handler(withJob(jobs, RestApi::cancel));
    router.get("/jobs/:id/graph").handler(withJob(jobs, (ctx, job) -> json(ctx, 200, JobViews.graph(job, history))));
    router.get("/jobs/:id/throughput").handler(withJob(jobs, (ctx, job) -> json(ctx, 200, history.toJson(job.id()))));
    router.get("/jobs/:id/checkpoints").handler(withJob(jobs, (ctx, job) -> json(ctx, 200, checkpoints(job))));
    router.get("/jobs/:id/exceptions").handler(withJob(jobs, (ctx, job) -> json(ctx, 200, exceptions(job))));
    router.post("/jobs/:id/savepoints").handler(withJob(jobs, (ctx, job) -> savepoint(ctx, jobs, job, false)));
    router.post("/jobs/:id/stop").handler(withJob(jobs, (ctx, job) -> savepoint(ctx, jobs, job, true)));
    if (metrics != null) {
      JobMetrics jobMetrics = new JobMetrics(metrics);
      Handler<RoutingContext> scrape = PrometheusScrapingHandler.create(metrics);
      router.get("/metrics").handler(ctx -> {
        jobMetrics.refresh(jobs);
        scrape.handle(ctx);
      });
    }
    router.route().last().handler(ctx -> error(ctx, 404, "no such resource: " + ctx.request().method() + " " + ctx.request().path()));
    router.route().failureHandler(RestApi::failure);
    return router;
  }

  /** A handler that threw: a bad request is a 400 naming the field; anything else is logged and a JSON 500. */
  private static void failure(RoutingContext ctx) {
    Throwable e = ctx.failure();
    if (ctx.response().ended()) {
      return;
    }
    if (e instanceof BadRequest) {
      error(ctx, 400, e.getMessage());
    } else if (e == null) {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      error(ctx, status, status == 413 ? "the request body is larger than 1 MiB" : "request failed with status " + status);
    } else {
      log.warn("REST {} {} failed", ctx.request().method(), ctx.request().path(), e);
      error(ctx, 500, "internal error: " + e);
    }
  }

  private static void submit(RoutingContext ctx, JobManager jobs) {
    RequestBody body = RequestBody.of(ctx, SUBMIT_FIELDS);
    String name = body.requireString("job", "{\"job\": \"word-count\", \"args\": [...]}");
    List<String> args = body.strings("args");
    int parallelism = body.integer("parallelism", 0);
    JobSpec spec = new JobSpec(name, args, parallelism, body.object("settings"));
    jobs.submit(spec, body.string("fromSavepoint")).onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, 201, new JsonObject().put("id", ar.result().id().value()));
      } else {
        Throwable e = ar.cause();
        int status = e instanceof UnknownJobException ? 404
            : e instanceof JobArgumentException || e instanceof ConfigException || e instanceof IllegalArgumentException
                || e instanceof CorruptCheckpointException ? 400 : 500;
        if (status == 500) {
          log.warn("submitting {} failed", spec.jobName(), e);
        }
        error(ctx, status, e.getMessage());
      }
    });
  }

  /** Takes a savepoint into the body's {@code dir}; with {@code stop}, cancels the job right after it. */
  private static void savepoint(RoutingContext ctx, JobManager jobs, JobMaster job, boolean stop) {
    RequestBody body = RequestBody.of(ctx, SAVEPOINT_FIELDS);
    String dir = body.string("dir");
    if (dir == null) {
      dir = System.getProperty("java.io.tmpdir") + "/weir-savepoints";
    }
    try {
      SubmissionPolicy.checkSavepointDir(jobs.clusterConfig(), dir);
    } catch (ConfigException e) {
      throw new BadRequest(e.getMessage());
    }
    (stop ? job.stopWithSavepoint(dir) : job.savepoint(dir)).onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, 200, new JsonObject().put("id", ar.result().id())
            .put("path", ar.result().storage().location())
            .put("state", job.status().name()));
      } else {
        error(ctx, 409, ar.cause().getMessage());
      }
    });
  }

  private static void cancel(RoutingContext ctx, JobMaster job) {
    job.cancel().onComplete(ar -> json(ctx, 202,
        new JsonObject().put("id", job.id().value()).put("state", job.status().name())));
  }

  private static Handler<RoutingContext> withJob(JobManager jobs, java.util.function.BiConsumer<RoutingContext, JobMaster> action) {
    return ctx -> {
      JobMaster job;
      try {
        job = jobs.require(ctx.pathParam("id"));
      } catch (JobManager.UnknownJobIdException e) {
        error(ctx, 404, e.getMessage());
        return;
      }
      action.accept(ctx, job);
    };
  }

  public static JsonObject checkpoints(JobMaster job) {
    return JobViews.checkpoints(job);
  }

  public static JsonObject exceptions(JobMaster job) {
    return JobViews.exceptions(job);
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encodePrettily());
  }

  static void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, new JsonObject().put("error", message == null ? "unknown error" : message));
  }
}
