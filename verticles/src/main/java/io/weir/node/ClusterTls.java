package io.weir.node;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event bus over mutual TLS: every node presents its certificate and trusts only those signed
 * by the cluster's CA, both when it connects and when it is connected to, so a process without a
 * cluster certificate can neither send nor receive event-bus messages. The same holds for Weir's
 * own TCP connection between a worker and the leader (the presence connection): a node started with
 * TLS keeps its settings ({@link #install}) and the presence server and client take theirs from it.
 * Hazelcast's own traffic (membership, maps) is not covered: the open-source edition has no TLS.
 */
public record ClusterTls(String cert, String key, String ca) {
  private static final Map<Vertx, ClusterTls> INSTALLED = new ConcurrentHashMap<>();

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

  /** Mutual TLS for a TCP server of Weir's own between nodes (the leader's presence server). */
  public NetServerOptions serverOptions() {
    return new NetServerOptions().setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key))
        .setTrustOptions(new PemTrustOptions().addCertPath(ca))
        .setClientAuth(ClientAuth.REQUIRED);
  }

  /**
   * Its client side: presents this node's certificate and trusts only the cluster's CA. Host names
   * are not verified, as on the event bus: every node's certificate is the cluster's CA's, and a
   * node is known by the address it publishes in the cluster, not by a name in its certificate.
   */
  public NetClientOptions clientOptions() {
    return new NetClientOptions().setSsl(true).setTrustAll(false)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key))
        .setTrustOptions(new PemTrustOptions().addCertPath(ca))
        .setHostnameVerificationAlgorithm("");
  }

  /** Keeps {@code tls} as the settings of {@code vertx}'s node (for an application that embeds Weir too). */
  public static void install(Vertx vertx, ClusterTls tls) {
    INSTALLED.put(vertx, tls);
  }

  static void forget(Vertx vertx) {
    INSTALLED.remove(vertx);
  }

  /** The options of the presence server on {@code vertx}: with the node's TLS, if it was started with TLS. */
  public static NetServerOptions presenceServer(Vertx vertx) {
    ClusterTls tls = INSTALLED.get(vertx);
    return tls == null ? new NetServerOptions() : tls.serverOptions();
  }

  /** The options of the presence client on {@code vertx}, likewise. */
  public static NetClientOptions presenceClient(Vertx vertx) {
    ClusterTls tls = INSTALLED.get(vertx);
    return tls == null ? new NetClientOptions() : tls.clientOptions();
  }
}
