package io.weir.verticles;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.weir.cluster.Addresses;
import io.weir.config.WeirConfig;
import io.weir.node.WeirRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentRehearsalTest {
  @TempDir
  Path tmp;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void runsASmallJobCheckpointsItAndRestoresItInThisJvmThenLeavesNothingBehind() throws Exception {
    WeirRuntime.install(vertx);
    List<Object> toCoordinator = new CopyOnWriteArrayList<>();
    vertx.eventBus().consumer(Addresses.COORDINATOR, m -> toCoordinator.add(m.body()));
    TaskInbox inbox = new TaskInbox("w-r");
    inbox.listen(vertx).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    WorkerExecutor io = vertx.createSharedWorkerExecutor("rehearsal-test", 2);
    WeirConfig config = WeirConfig.defaults().with(new JsonObject()
        .put("state", new JsonObject().put("local-dir", tmp.resolve("local").toString())), "test");
    Path dir = tmp.resolve("rehearsal");
    Context context = vertx.getOrCreateContext();
    Promise<Void> rehearsed = Promise.promise();
    context.runOnContext(v -> new DeploymentRehearsal(vertx, context, "w-r", inbox, io, config, dir).rehearse()
        .onComplete(rehearsed));

    // it succeeds only when both attempts' tasks processed records and every task acknowledged the checkpoint
    rehearsed.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(vertx.deploymentIDs()).as("every task verticle is undeployed").isEmpty();
    assertThat(Files.exists(dir)).as("its checkpoint and task folders are deleted").isFalse();
    assertThat(toCoordinator).as("nothing was reported to a coordinator").isEmpty();
  }
}
