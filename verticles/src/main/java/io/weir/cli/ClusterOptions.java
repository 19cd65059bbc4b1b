package io.weir.cli;

import io.weir.config.WeirConfig;
import io.weir.node.ClusterTls;
import io.weir.node.WeirNode;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that joins a cluster takes. */
final class ClusterOptions {
  @Option(names = "--cluster-name", defaultValue = "weir", description = "The cluster to join (default: ${DEFAULT-VALUE}); clusters with different names never meet.")
  String clusterName;

  @Option(names = "--config", paramLabel = "FILE", description = "Weir settings (JSON) over the defaults of weir.json.")
  Path config;

  @Option(names = "--hazelcast-config", paramLabel = "FILE", description = "A Hazelcast XML config (default: TCP-IP join on 127.0.0.1).")
  String hazelcastConfig;

  @Option(names = "--hz-port", defaultValue = "5701", description = "The first Hazelcast port to try (default: ${DEFAULT-VALUE}).")
  int hzPort;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "The address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--cluster-tls-cert", paramLabel = "FILE",
      description = "The event bus over mutual TLS: this node's PEM certificate (signed by --cluster-tls-ca).")
  String tlsCert;

  @Option(names = "--cluster-tls-key", paramLabel = "FILE", description = "The PEM private key of --cluster-tls-cert.")
  String tlsKey;

  @Option(names = "--cluster-tls-ca", paramLabel = "FILE",
      description = "The PEM CA certificate that signed every node's certificate; nodes without one are refused.")
  String tlsCa;

  WeirConfig config() {
    WeirConfig c = config == null ? WeirConfig.defaults() : WeirConfig.load(config);
    return c.resolvePaths(clusterName);
  }

  WeirNode.Options node() {
    return new WeirNode.Options(clusterName, hazelcastConfig, hzPort, host, ClusterTls.of(tlsCert, tlsKey, tlsCa));
  }
}
