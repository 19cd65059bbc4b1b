package io.weir.rest;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.weir.api.JobArgumentException;
import io.weir.api.JobRegistry;
import io.weir.api.UnknownJobException;
import io.weir.checkpoint.CheckpointStats;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.cluster.FailureRecord;
import io.weir.cluster.JobManager;
import io.weir.cluster.JobMaster;
import io.weir.cluster.Worker;
import io.weir.config.ConfigException;
import io.weir.runtime.JobSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The coordinator's REST API (Flink's shape): jobs, their checkpoints, savepoints and failures,
 * the cluster's workers, Prometheus metrics and a small dashboard. Errors are JSON objects with an
 * {@code error} field that says what is wrong.
 */
public final class RestApi {
  private RestApi() {
  }

  public static Router router(Vertx vertx, JobManager jobs, PrometheusMeterRegistry metrics) {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create().setBodyLimit(1 << 20));
    router.get("/").handler(ctx -> ctx.response().putHeader("content-type", "text/html; charset=utf-8").end(dashboard()));
    router.get("/overview").handler(ctx -> json(ctx, 200, jobs.overview()));
    router.get("/cluster").handler(ctx -> json(ctx, 200, cluster(jobs)));
    router.get("/jobs").handler(ctx -> {
      JsonArray list = new JsonArray();
      for (JobMaster j : jobs.jobs()) {
        JsonObject full = j.toJson();
        list.add(new JsonObject().put("id", full.getString("id")).put("job", full.getString("job"))
            .put("state", full.getString("state")).put("durationMs", full.getLong("durationMs"))
            .put("recordsRead", full.getLong("recordsRead")).put("recordsWritten", full.getLong("recordsWritten")));
      }
      json(ctx, 200, new JsonObject().put("jobs", list));
    });
    router.get("/job-types").handler(ctx -> {
      JsonArray known = new JsonArray();
      JobRegistry.known().forEach((name, job) -> known.add(new JsonObject().put("name", name).put("usage", job.usage())));
      json(ctx, 200, new JsonObject().put("jobs", known));
    });
    router.post("/jobs").handler(ctx -> submit(ctx, jobs));
    router.get("/jobs/:id").handler(ctx -> withJob(ctx, jobs, job -> json(ctx, 200, job.toJson())));
    router.post("/jobs/:id/cancel").handler(ctx -> cancel(ctx, jobs));
    router.delete("/jobs/:id").handler(ctx -> cancel(ctx, jobs));
    router.get("/jobs/:id/checkpoints").handler(ctx -> withJob(ctx, jobs, job -> json(ctx, 200, checkpoints(job))));
    router.get("/jobs/:id/exceptions").handler(ctx -> withJob(ctx, jobs, job -> json(ctx, 200, exceptions(job))));
    router.post("/jobs/:id/savepoints").handler(ctx -> savepoint(ctx, jobs, false));
    router.post("/jobs/:id/stop").handler(ctx -> savepoint(ctx, jobs, true));
    if (metrics != null) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));
    }
    router.route().last().handler(ctx -> error(ctx, 404, "no such resource: " + ctx.request().method() + " " + ctx.request().path()));
    return router;
  }

  private static void submit(RoutingContext ctx, JobManager jobs) {
    JsonObject body = bodyOrEmpty(ctx);
    if (body == null) {
      return;
    }
    String name = body.getString("job");
    if (name == null || name.isBlank()) {
      error(ctx, 400, "the request names no job: send {\"job\": \"word-count\", \"args\": [...]}");
      return;
    }
    List<String> args;
    try {
      args = body.getJsonArray("args", new JsonArray()).stream().map(String::valueOf).toList();
    } catch (ClassCastException e) {
      error(ctx, 400, "'args' must be an array of strings");
      return;
    }
    JobSpec spec = new JobSpec(name, args, body.getInteger("parallelism", 0), body.getJsonObject("settings"));
    jobs.submit(spec, body.getString("fromSavepoint")).onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, 201, new JsonObject().put("id", ar.result().id().value()));
      } else {
        Throwable e = ar.cause();
        int status = e instanceof UnknownJobException ? 404
            : e instanceof JobArgumentException || e instanceof ConfigException || e instanceof IllegalArgumentException
                || e instanceof CorruptCheckpointException ? 400 : 500;
        error(ctx, status, e.getMessage());
      }
    });
  }

  /** Takes a savepoint into the body's {@code dir}; with {@code stop}, cancels the job right after it. */
  private static void savepoint(RoutingContext ctx, JobManager jobs, boolean stop) {
    withJob(ctx, jobs, job -> {
      JsonObject body = bodyOrEmpty(ctx);
      if (body == null) {
        return;
      }
      String dir = body.getString("dir", System.getProperty("java.io.tmpdir") + "/weir-savepoints");
      (stop ? job.stopWithSavepoint(dir) : job.savepoint(dir)).onComplete(ar -> {
        if (ar.succeeded()) {
          json(ctx, 200, new JsonObject().put("id", ar.result().id())
              .put("path", ar.result().storage().location())
              .put("state", job.status().name()));
        } else {
          error(ctx, 409, ar.cause().getMessage());
        }
      });
    });
  }

  private static void cancel(RoutingContext ctx, JobManager jobs) {
    withJob(ctx, jobs, job -> job.cancel().onComplete(ar -> json(ctx, 202,
        new JsonObject().put("id", job.id().value()).put("state", job.status().name()))));
  }

  private static void withJob(RoutingContext ctx, JobManager jobs, java.util.function.Consumer<JobMaster> action) {
    JobMaster job;
    try {
      job = jobs.require(ctx.pathParam("id"));
    } catch (JobManager.UnknownJobIdException e) {
      error(ctx, 404, e.getMessage());
      return;
    }
    action.accept(job);
  }

  private static JsonObject bodyOrEmpty(RoutingContext ctx) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      error(ctx, 400, "the request body is not a JSON object: " + e.getMessage());
      return null;
    }
  }

  public static JsonObject checkpoints(JobMaster job) {
    long now = System.currentTimeMillis();
    JsonArray list = new JsonArray();
    List<CheckpointStats> history = job.checkpoints().history();
    for (int i = history.size() - 1; i >= 0; i--) {
      CheckpointStats s = history.get(i);
      JsonArray tasks = new JsonArray();
      s.tasks().forEach((task, t) -> tasks.add(new JsonObject()
          .put("task", job.graph().task(task.vertex()).name())
          .put("subtask", task.subtask())
          .put("acknowledgedMs", t.acknowledgedAt() - s.triggeredAt())
          .put("syncMs", t.syncMillis())
          .put("asyncMs", t.asyncMillis())
          .put("alignmentMs", t.alignmentMillis())
          .put("stateSize", t.stateSize())
          .put("uploadedSize", t.uploadedSize())));
      JsonObject c = new JsonObject()
          .put("id", s.id().value())
          .put("status", s.status().name())
          .put("kind", s.savepoint() ? "savepoint" : s.isFinal() ? "final" : "checkpoint")
          .put("triggeredAt", s.triggeredAt())
          .put("durationMs", s.durationMillis(now))
          .put("stateSize", s.stateSize())
          .put("uploadedSize", s.uploadedSize())
          .put("maxAlignmentMs", s.maxAlignmentMillis())
          .put("acknowledged", s.tasks().size())
          .put("expected", s.expectedTasks())
          .put("tasks", tasks);
      if (s.failure() != null) {
        c.put("failure", s.failure());
      }
      if (s.location() != null) {
        c.put("location", s.location());
      }
      list.add(c);
    }
    return new JsonObject().put("checkpoints", list).put("retained",
        new JsonArray(job.checkpoints().retained().stream().map(m -> m.id()).toList()));
  }

  public static JsonObject exceptions(JobMaster job) {
    JsonArray failures = new JsonArray();
    for (FailureRecord f : job.failures()) {
      failures.add(f.toJson());
    }
    JsonObject body = new JsonObject().put("failures", failures);
    if (job.failureCause() != null) {
      body.put("failureCause", job.failureCause());
    }
    return body;
  }

  private static JsonObject cluster(JobManager jobs) {
    JsonArray workers = new JsonArray();
    for (Worker w : jobs.workers().workers()) {
      workers.add(new JsonObject().put("name", w.name()).put("slots", w.slots()).put("freeSlots", w.freeSlots())
          .put("lastHeartbeatMsAgo", System.currentTimeMillis() - w.lastSeen()));
    }
    return jobs.overview().put("workerList", workers);
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encodePrettily());
  }

  static void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, new JsonObject().put("error", message));
  }

  private static String dashboardHtml;

  private static String dashboard() {
    if (dashboardHtml == null) {
      try (InputStream in = RestApi.class.getResourceAsStream("/io/weir/rest/dashboard.html")) {
        dashboardHtml = in == null ? "<h1>Weir</h1>" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        dashboardHtml = "<h1>Weir</h1>";
      }
    }
    return dashboardHtml;
  }
}
