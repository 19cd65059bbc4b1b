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
    var config = cluster.config();
    String workerName = name != null ? name : "w-" + ProcessHandle.current().pid();
    WeirNode node = ServerCommands.startNode(cluster, "worker " + workerName);
    ServerCommands.await(node.vertx().deployVerticle(new WorkerVerticle(new WorkerVerticle.Options(workerName, slots, config))),
        60, "starting worker " + workerName);
    return ServerCommands.runUntilStopped(node, "worker " + workerName);
  }
}
