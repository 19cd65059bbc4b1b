package io.weir.cli;

import io.weir.node.WeirNode;
import io.weir.verticles.WorkerVerticle;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code worker}: runs a worker of a cluster until stopped. */
@Command(name = "worker", description = "Run a worker that offers slots for tasks, until stopped.", mixinStandardHelpOptions = true)
final class WorkerCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Option(names = "--slots", defaultValue = "2", description = "Task slots offered (default: ${DEFAULT-VALUE}).")
  int slots;

  @Option(names = "--name", description = "The worker's name (default: w-<process id>).")
  String name;

  @Override
  public Integer call() throws Exception {
    if (slots <= 0) {
      throw new IllegalArgumentException("--slots must be positive, got " + slots);
    }
    config = cluster.config();
    workerName = name != null ? name : "w-" + ProcessHandle.current().pid();
    node.set(start());
    return ServerCommands.runUntilStopped(node::get, "worker " + workerName);
  }

  private io.weir.config.WeirConfig config;
  private String workerName;
  private final java.util.concurrent.atomic.AtomicReference<WeirNode> node = new java.util.concurrent.atomic.AtomicReference<>();

  private WeirNode start() throws Exception {
    WeirNode started = ServerCommands.startNode(cluster, "worker " + workerName);
    ServerCommands.await(started.vertx().deployVerticle(new WorkerVerticle(new WorkerVerticle.Options(workerName, slots,
        config, this::rejoin))), 60, "starting worker " + workerName);
    return started;
  }

  /** Leaves the cluster and joins it again as a new member, off the event loop. */
  private void rejoin() {
    Thread t = new Thread(() -> {
      try {
        ServerCommands.await(node.get().close(), 60, "leaving the cluster");
        node.set(start());
      } catch (Exception e) {
        System.err.println("weir: worker " + workerName + " could not join the cluster again: " + Console.message(e));
        System.exit(3);
      }
    }, "weir-rejoin");
    t.start();
  }
}
