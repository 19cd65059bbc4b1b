package io.weir.cli;

import io.weir.node.WeirNode;
import io.weir.rest.RestSecurity;
import io.weir.verticles.CoordinatorVerticle;
import java.nio.file.Path;
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

  @Option(names = "--rest-token-file", paramLabel = "FILE",
      description = "Require this bearer token (the file's first line) on the REST API (or set WEIR_REST_TOKEN).")
  Path tokenFile;

  @Option(names = "--rest-tls-cert", paramLabel = "FILE", description = "Serve the REST API over HTTPS with this PEM certificate (chain).")
  String tlsCert;

  @Option(names = "--rest-tls-key", paramLabel = "FILE", description = "The PEM private key of --rest-tls-cert.")
  String tlsKey;

  @Option(names = "--insecure", description = "Serve a non-loopback --host without a REST token (refused otherwise).")
  boolean insecure;

  @Override
  public Integer call() throws Exception {
    var config = cluster.config();
    RestSecurity rest = new RestSecurity(ClientCommand.Secrets.token(tokenFile, "WEIR_REST_TOKEN", "--rest-token-file"),
        tlsCert, tlsKey, insecure);
    rest.checkBind(cluster.host); // before joining the cluster
    WeirNode node = ServerCommands.startNode(cluster, "coordinator");
    try {
      ServerCommands.await(node.vertx().deployVerticle(new CoordinatorVerticle(
          new CoordinatorVerticle.Options(config, cluster.host, restPort, node.metrics(), rest))), 60, "starting the coordinator");
    } catch (Exception e) {
      ServerCommands.await(node.close(), 30, "leaving the cluster");
      throw e;
    }
    return ServerCommands.runUntilStopped(node, "coordinator");
  }
}
