package io.weir.node;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The event bus over mutual TLS: every node presents its certificate and trusts only those signed
 * by the cluster's CA, both when it connects and when it is connected to, so a process without a
 * cluster certificate can neither send nor receive event-bus messages. Hazelcast's own traffic
 * (membership, maps) is not covered: the open-source edition has no TLS.
 */
public record ClusterTls(String cert, String key, String ca) {
  public ClusterTls {
    for (String[] f : new String[][] {{"--cluster-tls-cert", cert}, {"--cluster-tls-key", key}, {"--cluster-tls-ca", ca}}) {
      if (f[1] == null) {
        throw new IllegalArgumentException("the event bus over TLS needs --cluster-tls-cert, --cluster-tls-key and"
            + " --cluster-tls-ca; " + f[0] + " is missing");
      }
      if (!Files.isReadable(Path.of(f[1]))) {
        throw new IllegalArgumentException(f[0] + ": cannot read " + f[1]);
      }
    }
  }

  /** The TLS settings, or null when none of the three files is given. */
  public static ClusterTls of(String cert, String key, String ca) {
    return cert == null && key == null && ca == null ? null : new ClusterTls(cert, key, ca);
  }

  /**
   * Turns on TLS with client authentication required on the event bus's server, and server
   * authentication on its client: Vert.x's event bus trusts every server by default
   * ({@code trustAll}), which would let a process with any certificate receive messages.
   */
  EventBusOptions apply(EventBusOptions options) {
    return options.setSsl(true)
        .setTrustAll(false)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key))
        .setTrustOptions(new PemTrustOptions().addCertPath(ca))
        .setClientAuth(ClientAuth.REQUIRED);
  }
}
