package io.weir.cluster.protocol;

import io.vertx.core.json.JsonObject;
import io.weir.runtime.JobSpec;

/**
 * Deploy one task attempt on a worker. The task builds the job's graph from {@code spec} and the
 * cluster settings in {@code clusterConfig}, and starts from {@code restore} (never null).
 */
public record DeployTask(long epoch, TaskAttempt attempt, JobSpec spec, JsonObject clusterConfig,
                         String checkpointStorage, TaskRestore restore) {
  public DeployTask {
    java.util.Objects.requireNonNull(restore, "restore (use TaskRestore.FreshStart for a new job)");
  }
}
