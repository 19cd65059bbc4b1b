package io.weir.cluster.protocol;

import io.vertx.core.json.JsonObject;
import io.weir.runtime.JobSpec;
import io.weir.runtime.TaskId;
import java.util.Map;

/**
 * Deploy one task attempt on a worker. The task builds the job's graph from {@code spec} and the
 * cluster settings in {@code clusterConfig}, and starts from {@code restore} (never null).
 * {@code placement} names the worker of every task deployed with this attempt, so the task sends to
 * its peers through their workers' fixed addresses rather than through addresses the cluster would
 * first have to learn.
 */
public record DeployTask(long epoch, TaskAttempt attempt, JobSpec spec, JsonObject clusterConfig,
                         String checkpointStorage, TaskRestore restore, Map<TaskId, String> placement) {
  public DeployTask {
    java.util.Objects.requireNonNull(restore, "restore (use TaskRestore.FreshStart for a new job)");
    placement = Map.copyOf(placement);
  }
}
