package io.weir.cli;

import io.weir.node.WeirNode;
import io.weir.verticles.CoordinatorVerticle;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code coordinator}: runs the coordinator of a cluster until stopped. */
@Command(name = "coordinator", description = "Run a coordinator (the job manager and REST API) until stopped.",
    mixinStandardHelpOptions = true)
final class CoordinatorCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Option(names = "--rest-port", defaultValue = "8081", description = "The REST API's port (default: ${DEFAULT-VALUE}).")
  int restPort;

  @Override
  public Integer call() throws Exception {
    var config = cluster.config();
    WeirNode node = ServerCommands.startNode(cluster, "coordinator");
    try {
      ServerCommands.await(node.vertx().deployVerticle(new CoordinatorVerticle(
          new CoordinatorVerticle.Options(config, cluster.host, restPort, node.metrics()))), 60, "starting the coordinator");
    } catch (Exception e) {
      ServerCommands.await(node.close(), 30, "leaving the cluster");
      throw e;
    }
    return ServerCommands.runUntilStopped(node, "coordinator");
  }
}
