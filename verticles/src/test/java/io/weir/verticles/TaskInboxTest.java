package io.weir.verticles;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.weir.cluster.Addresses;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker's inbox: messages for a task, whether sent through the event bus or handed over directly
 * by a task on the same worker, reach it on its own context, in the order they were sent.
 */
class TaskInboxTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** A worker context, as a task verticle has. */
  private Context workerContext() throws Exception {
    CompletableFuture<Context> found = new CompletableFuture<>();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        found.complete(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));
    return found.get(10, TimeUnit.SECONDS);
  }

  @Test
  void messagesHandedOverDirectlyReachTheTaskOnItsContextInTheOrderSent() throws Exception {
    TaskInbox inbox = new TaskInbox("w-1");
    Context task = workerContext();
    List<Object> received = new CopyOnWriteArrayList<>();
    List<Boolean> onTaskContext = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> all = new CompletableFuture<>();
    inbox.add("task-a", task, body -> {
      onTaskContext.add(Vertx.currentContext() == task);
      received.add(body);
      if (received.size() == 1000) {
        all.complete(null);
      }
    });

    for (int i = 0; i < 1000; i++) {
      inbox.send("task-a", i);
    }

    all.get(10, TimeUnit.SECONDS);
    assertThat(received).isEqualTo(IntStream.range(0, 1000).boxed().toList());
    assertThat(onTaskContext).containsOnly(true);
  }

  @Test
  void aMessageForATaskThatIsNotOnTheWorkerIsDroppedAndOneForARemovedTaskToo() throws Exception {
    TaskInbox inbox = new TaskInbox("w-1");
    Context task = workerContext();
    List<Object> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> marker = new CompletableFuture<>();
    inbox.add("task-a", task, body -> {
      received.add(body);
      if ("marker".equals(body)) {
        marker.complete(null);
      }
    });
    inbox.add("task-b", task, received::add);
    inbox.remove("task-b");

    inbox.send("task-x", "to nobody");
    inbox.send("task-b", "to a removed task");
    inbox.send("task-a", "marker");

    marker.get(10, TimeUnit.SECONDS);
    assertThat(received).containsExactly("marker");
  }

  @Test
  void aRequestThroughTheEventBusIsAnsweredOnceTheTaskHandledIt() throws Exception {
    TaskInbox inbox = new TaskInbox("w-1");
    inbox.listen(vertx).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Context task = workerContext();
    List<Object> received = new CopyOnWriteArrayList<>();
    inbox.add("task-a", task, received::add);

    vertx.eventBus().request(Addresses.taskInbox("w-1"), "hello", new DeliveryOptions().addHeader(TaskInbox.TO, "task-a"))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(received).containsExactly("hello");
  }
}
