package io.weir.cli;

import io.weir.cluster.ha.ElectionSettings;
import io.weir.node.WeirNode;
import io.weir.rest.RestSecurity;
import io.weir.verticles.CoordinatorVerticle;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code coordinator}: runs a coordinator of a cluster (the leader, or a standby) until stopped. */
@Command(name = "coordinator", description = "Run a coordinator (the job manager and REST API) until stopped. "
    + "Start several for high availability: one leads, the others stand by and take over.",
    mixinStandardHelpOptions = true)
final class CoordinatorCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Option(names = "--rest-port", defaultValue = "8081", description = "The REST API's port (default: ${DEFAULT-VALUE}).")
  int restPort;

  @Option(names = "--name", description = "This coordinator's name, unique in the cluster (default: c- and 8 random characters).")
  String name;

  @Option(names = "--ha-quorum", paramLabel = "coordinators|members", description = "Whose majority a leader needs: "
      + "coordinators (safe with 1 or 3+ coordinators) or members (every member, workers included: lets the survivor "
      + "of 2 coordinators lead) (default: the config's ha.quorum, coordinators).")
  String haQuorum;

  @Option(names = "--ha-expected-members", paramLabel = "N", description = "The smallest number of members (or "
      + "coordinators) a majority is counted over, for a coordinator that starts inside a partition (default: the "
      + "config's ha.expected-members, 0: none).")
  Integer haExpectedMembers;

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
    io.vertx.core.json.JsonObject ha = config.toJson().getJsonObject("ha", new io.vertx.core.json.JsonObject()).copy();
    if (haQuorum != null) {
      ha.put("quorum", haQuorum);
    }
    if (haExpectedMembers != null) {
      ha.put("expected-members", haExpectedMembers);
    }
    ElectionSettings election = ElectionSettings.fromJson(ha);
    String me = name != null ? name : "c-" + UUID.randomUUID().toString().substring(0, 8);
    WeirNode node = ServerCommands.startNode(cluster, "coordinator " + me, me);
    try {
      ServerCommands.await(node.vertx().deployVerticle(new CoordinatorVerticle(
          new CoordinatorVerticle.Options(config, cluster.host, restPort, node.metrics(), rest, election))), 60,
          "starting the coordinator");
    } catch (Exception e) {
      ServerCommands.await(node.close(), 30, "leaving the cluster");
      throw e;
    }
    return ServerCommands.runUntilStopped(node, "coordinator");
  }
}
