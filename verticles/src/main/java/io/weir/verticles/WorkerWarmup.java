package io.weir.verticles;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.weir.checkpoint.CheckpointId;
import io.weir.checkpoint.storage.StateFile;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskRestore;
import io.weir.config.WeirConfig;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import io.weir.runtime.TaskId;
import io.weir.runtime.network.MessageRecordCodec;
import io.weir.state.KeyGroupRange;
import io.weir.state.heap.HeapKeyedStateHandle;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rehearses, once when a worker starts and before it registers, the first steps of deploying a
 * task: decoding a deployment and building a job's graph. A worker started to replace a lost one is
 * otherwise cold when the restarted tasks reach it, and every class and serializer the deployment
 * needs is loaded while the job waits: on a fresh JVM the first {@link DeployTask} took 615 ms to
 * encode and 106 ms to decode and the first graph 77 ms to build; the next ones about 1 ms each.
 */
final class WorkerWarmup {
  private static final Logger log = LoggerFactory.getLogger(WorkerWarmup.class);

  private WorkerWarmup() {
  }

  /** Runs the rehearsal (blocking: on a worker thread); a failure is logged, never fatal. */
  static void run(String worker) {
    long start = System.nanoTime();
    try {
      JobSpec spec = new JobSpec("keyed-count", List.of("--events", "10"), 1, new JsonObject());
      TaskAttempt attempt = new TaskAttempt(new JobId("warm-up"), new TaskId(0, 0), 1);
      TaskRestore restore = new TaskRestore.FromCheckpoint(new CheckpointId(1), "directory:/warm-up",
          List.of(new HeapKeyedStateHandle(new KeyGroupRange(0, 127), new StateFile("warm-up/chk-1/state", 1, 1))),
          Map.of("source", List.of(new byte[1])));
      DeployTask deploy = new DeployTask(0, attempt, spec, WeirConfig.defaults().toJson(), "directory:/warm-up", restore,
          Map.of(attempt.task(), worker));
      MessageRecordCodec codec = new MessageRecordCodec();
      Buffer wire = Buffer.buffer();
      codec.encodeToWire(wire, deploy);
      DeployTask back = (DeployTask) codec.decodeFromWire(0, wire);
      back.spec().build(WeirConfig.fromJson(back.clusterConfig()));
      log.debug("worker {} rehearsed a deployment in {} ms", worker, (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException e) {
      log.debug("worker {} could not rehearse a deployment: {}", worker, e.toString());
    }
  }
}
