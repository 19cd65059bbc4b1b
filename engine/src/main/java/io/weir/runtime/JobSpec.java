package io.weir.runtime;

import io.vertx.core.json.JsonObject;
import io.weir.api.Job;
import io.weir.api.JobArgs;
import io.weir.api.JobRegistry;
import io.weir.api.Pipeline;
import io.weir.config.WeirConfig;
import io.weir.runtime.graph.JobGraph;
import java.util.List;

/**
 * What a user submits: a job's name, its arguments, a default parallelism (0: the configured one)
 * and settings that override the job's own. Every node builds the same graph from it.
 */
public record JobSpec(String jobName, List<String> args, int parallelism, JsonObject settings) {

  public JobSpec {
    args = List.copyOf(args);
    settings = settings == null ? new JsonObject() : settings.copy();
  }

  /** The job's graph and its effective settings: the cluster's, then the job's own, then the submitted ones. */
  public record Built(Job job, JobGraph graph, WeirConfig config) {
  }

  public Built build(WeirConfig clusterConfig) {
    Job job = JobRegistry.find(jobName);
    Pipeline pipeline = new Pipeline(job.name());
    JobArgs jobArgs = new JobArgs(job.name(), args);
    job.build(pipeline, jobArgs);
    jobArgs.finish();
    WeirConfig config = clusterConfig.with(pipeline.settings(), "job " + job.name() + "'s settings")
        .with(settings, "submitted settings");
    int p = parallelism > 0 ? parallelism : config.parallelism();
    JobGraph graph = pipeline.graph().build(p, config.maxParallelism(), false);
    return new Built(job, graph, config);
  }

  public JsonObject toJson() {
    return new JsonObject().put("job", jobName).put("args", args).put("parallelism", parallelism).put("settings", settings);
  }

  public static JobSpec fromJson(JsonObject json) {
    List<String> args = json.getJsonArray("args", new io.vertx.core.json.JsonArray()).stream().map(String::valueOf).toList();
    return new JobSpec(json.getString("job"), args, json.getInteger("parallelism", 0), json.getJsonObject("settings"));
  }
}
