package io.weir.verticles;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.weir.cluster.Addresses;
import io.weir.cluster.protocol.CancelTask;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.cluster.protocol.TaskDeployed;
import io.weir.cluster.protocol.TaskRestore;
import io.weir.config.WeirConfig;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import io.weir.runtime.TaskId;
import io.weir.runtime.network.Codecs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose Vert.x closes while a task deploys (a process stopped during a restart) lets the
 * deployment finish, then undeploys the task. Vert.x alone would fail the deployment before the
 * task's start ran and then throw "Promise already completed" when it did.
 */
class WorkerShutdownTest {
  @TempDir
  Path tmp;

  @Test
  void aDeploymentUnderWayWhenVertxClosesFinishesAndIsUndeployedWithoutAnUnhandledException() throws Exception {
    // one worker thread: blocking it holds every task deployment before its start runs
    Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(1));
    List<Throwable> unhandled = new CopyOnWriteArrayList<>();
    vertx.exceptionHandler(unhandled::add);
    WeirConfig config = WeirConfig.defaults().with(new JsonObject()
        .put("state", new JsonObject().put("local-dir", tmp.resolve("local").toString())), "test");
    await(vertx.deployVerticle(new WorkerVerticle(new WorkerVerticle.Options("w-s", 2, config))));

    CountDownLatch release = new CountDownLatch(1);
    vertx.executeBlocking(() -> release.await(30, TimeUnit.SECONDS));
    TaskAttempt attempt = new TaskAttempt(new JobId("held"), new TaskId(0, 0), 1);
    JobSpec spec = new JobSpec("keyed-count", List.of("--events", "0", "--keys", "10"), 1, new JsonObject());
    Future<Message<Object>> deployed = vertx.eventBus().request(Addresses.worker("w-s"),
        new DeployTask(0, attempt, spec, config.toJson(), "directory:" + tmp.resolve("checkpoints"),
            new TaskRestore.FreshStart(), Map.of(new TaskId(0, 0), "w-s", new TaskId(1, 0), "w-s")), Codecs.MESSAGE);
    // the worker handles its messages in order: once this cancel (of another task) is answered, the deployment is under way
    await(vertx.eventBus().request(Addresses.worker("w-s"),
        new CancelTask(0, new TaskAttempt(new JobId("held"), new TaskId(1, 0), 1), "test"), Codecs.MESSAGE));

    Future<Void> closed = vertx.close();
    release.countDown();
    await(closed);

    assertThat(deployed.succeeded() && deployed.result().body() instanceof TaskDeployed)
        .as("the deployment under way finished and was answered").isTrue();
    assertThat(unhandled).as("no unhandled exception").isEmpty();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
