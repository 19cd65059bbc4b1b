package io.weir.testing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.weir.cluster.JobMaster;
import io.weir.cluster.JobStatus;
import io.weir.config.WeirConfig;
import io.weir.node.LocalCluster;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one helper every test uses to run a real Weir cluster on loopback: a coordinator and workers,
 * each its own Hazelcast member joined by TCP on 127.0.0.1, with a cluster name and port range of
 * their own so parallel runs never meet. {@link #shared()} is started once per test JVM.
 */
public final class TestClusters {
  private static LocalCluster shared;
  private static Path sharedDir;

  private TestClusters() {
  }

  /** A unique cluster name and a random base port for one cluster of one test run. */
  public static String uniqueName() {
    return "weir-test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static int randomPort() {
    return 20000 + ThreadLocalRandom.current().nextInt(200) * 50;
  }

  /** Settings for tests: checkpoints and local state under {@code dir}, quick heartbeats. */
  public static WeirConfig config(Path dir, JsonObject overrides) {
    return TestSettings.config(TestSettings.cluster(dir, "2s")).with(overrides == null ? new JsonObject() : overrides, "test overrides");
  }

  /** Starts a cluster of its own: a coordinator and {@code workers} workers with {@code slots} slots each. */
  public static LocalCluster start(int workers, int slots, WeirConfig config) {
    return await(LocalCluster.start(new LocalCluster.Options(uniqueName(), randomPort(), workers, slots, config, 0)),
        Duration.ofMinutes(2));
  }

  /** The cluster most tests share: three workers with two slots each. */
  public static synchronized LocalCluster shared() {
    if (shared == null) {
      try {
        sharedDir = Files.createTempDirectory("weir-shared-cluster");
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      shared = start(3, 2, config(sharedDir, null));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          shared.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          // the JVM is exiting anyway
        }
      }));
    }
    return shared;
  }

  public static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("did not complete within " + timeout + ": " + e, e);
    }
  }

  /** Reads something of the job manager on the coordinator's context. */
  public static <T> T onCoordinator(LocalCluster cluster, Function<io.weir.cluster.JobManager, T> read) {
    return await(cluster.coordinator().call(jm -> Future.succeededFuture(read.apply(jm))), Duration.ofSeconds(30));
  }

  public static JobId submit(LocalCluster cluster, String job, int parallelism, JsonObject settings, String... args) {
    JobSpec spec = new JobSpec(job, List.of(args), parallelism, settings);
    return await(cluster.coordinator().call(jm -> jm.submit(spec, null).map(JobMaster::id)), Duration.ofSeconds(30));
  }

  public static JsonObject status(LocalCluster cluster, JobId id) {
    return onCoordinator(cluster, jm -> jm.job(id).toJson());
  }

  /** Waits, with a deadline, until {@code condition} holds of the job's status; returns that status. */
  public static JsonObject awaitJob(LocalCluster cluster, JobId id, Duration timeout,
                                    java.util.function.Predicate<JsonObject> condition, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonObject s = status(cluster, id);
    while (!condition.test(s)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job " + id + " did not reach: " + what + " within " + timeout + "; last status: "
            + s.encodePrettily());
      }
      pause();
      s = status(cluster, id);
    }
    return s;
  }

  /** Waits until the job is in one of {@code states}. */
  public static JsonObject awaitState(LocalCluster cluster, JobId id, Duration timeout, JobStatus... states) {
    Set<String> names = java.util.Arrays.stream(states).map(Enum::name).collect(java.util.stream.Collectors.toSet());
    return awaitJob(cluster, id, timeout, s -> names.contains(s.getString("state")), "state " + names);
  }

  /** The index of the live worker running most of the job's tasks in {@code status}. */
  public static int busiestWorker(LocalCluster cluster, JsonObject status) {
    java.util.Map<String, Integer> load = new java.util.HashMap<>();
    for (Object t : status.getJsonArray("tasks")) {
      load.merge(((JsonObject) t).getString("worker"), 1, Integer::sum);
    }
    int best = -1;
    for (int i = 0; i < cluster.workers().size(); i++) {
      if (cluster.alive(i) && (best < 0 || load.getOrDefault(cluster.workers().get(i).name(), 0)
          > load.getOrDefault(cluster.workers().get(best).name(), 0))) {
        best = i;
      }
    }
    return best;
  }

  /** The polling interval of {@link #awaitJob}: it waits on a condition with a deadline, never for a fixed time. */
  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }
}
