package io.weir.process;

import io.vertx.core.eventbus.ReplyException;
import io.weir.cluster.Addresses;
import io.weir.cluster.protocol.DeployTask;
import io.weir.cluster.protocol.RegisterWorker;
import io.weir.cluster.protocol.TaskAttempt;
import io.weir.config.WeirConfig;
import io.weir.node.ClusterTls;
import io.weir.node.WeirNode;
import io.weir.runtime.JobId;
import io.weir.runtime.JobSpec;
import io.weir.runtime.TaskId;
import io.weir.runtime.network.Codecs;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A process that joins a Weir cluster by its name and then tries what an attacker on the network
 * would: listen on a worker's address (where the coordinator's heartbeats and deployments go),
 * deploy a task on another worker, and register itself as a worker. It prints one line per
 * attempt, for {@link ClusterTlsIT} to read:
 * {@code deploy: replied CODE MESSAGE} or {@code deploy: not delivered WHY},
 * {@code register: replied} or {@code register: not delivered WHY}, and {@code received N}.
 *
 * <p>Arguments: {@code CLUSTER HZ_PORT LISTEN_WORKER DEPLOY_WORKER EPOCH SECONDS [CERT KEY CA]}.
 */
public final class RogueNode {
  private RogueNode() {
  }

  public static void main(String[] args) throws Exception {
    try {
      probe(args);
    } catch (Throwable e) {
      e.printStackTrace(System.out);
      System.exit(1); // Vert.x's and Hazelcast's threads would keep a failed probe alive
    }
  }

  private static void probe(String[] args) throws Exception {
    String cluster = args[0];
    int hzPort = Integer.parseInt(args[1]);
    String listenOn = args[2];
    String deployOn = args[3];
    long epoch = Long.parseLong(args[4]);
    int seconds = Integer.parseInt(args[5]);
    ClusterTls tls = args.length > 6 ? new ClusterTls(args[6], args[7], args[8]) : null;
    WeirNode node = WeirNode.start(new WeirNode.Options(cluster, null, hzPort, "127.0.0.1", tls))
        .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    var bus = node.vertx().eventBus();
    AtomicInteger received = new AtomicInteger();
    bus.consumer(Addresses.worker(listenOn), m -> {
      if (received.incrementAndGet() <= 3) {
        System.out.println("got " + m.body() + " reply to " + m.replyAddress() + " headers " + m.headers());
      }
    }).completion()
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

    JobId job = JobId.generate("rogue");
    DeployTask deploy = new DeployTask(epoch, new TaskAttempt(job, new TaskId(0, 0), 0),
        new JobSpec("word-count", List.of("--lines", "10"), 1, null), WeirConfig.defaults().toJson(),
        "directory:/tmp/weir-rogue-checkpoints", new io.weir.cluster.protocol.TaskRestore.FreshStart(),
        java.util.Map.of(new TaskId(0, 0), deployOn));
    System.out.println("rogue job " + job);
    System.out.println(outcome("deploy", () -> bus.request(Addresses.worker(deployOn), deploy, Codecs.message(5000))));
    System.out.println(outcome("register", () -> bus.request(Addresses.COORDINATOR,
        new RegisterWorker("rogue", "rogue-1", node.nodeId(), 8), Codecs.message(5000))));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (received.get() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    System.out.println("received " + received.get());
    node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static String outcome(String what, java.util.function.Supplier<io.vertx.core.Future<?>> request) {
    try {
      request.get().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return what + ": replied";
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof ReplyException r && r.failureType() == io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE) {
        return what + ": replied " + r.failureCode() + " " + r.getMessage();
      }
      return what + ": not delivered " + e.getCause();
    } catch (Exception e) {
      return what + ": not delivered " + e;
    }
  }
}
