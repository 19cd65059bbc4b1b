package io.weir.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.weir.testing.TestCertificates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The presence connection (a worker's TCP connection to the leader) of a node started with cluster
 * TLS is mutual TLS too: a node with the cluster's certificate gets its hello through; a plain TCP
 * client, or one whose certificate another CA signed, gets nothing to the leader.
 */
class PresenceTlsTest {
  @TempDir
  static Path dir;

  /** Made once: generating keys takes seconds on a busy machine. */
  private static TestCertificates ca;
  private static TestCertificates.Pair node;
  private static TestCertificates.Pair foreign;

  private Vertx leader;
  private Vertx worker;
  private final List<String> received = new CopyOnWriteArrayList<>();
  /** Kept referenced: Vert.x closes a client it finds unreferenced, with its connections. */
  private final List<NetClient> clients = new ArrayList<>();
  private NetServer server;
  private int port;

  @BeforeAll
  static void certificates() throws Exception {
    ca = TestCertificates.ca(dir.resolve("ca"), "cluster");
    node = ca.issue("node");
    foreign = TestCertificates.ca(dir.resolve("other"), "other").issue("node");
  }

  @BeforeEach
  void setUp() throws Exception {
    leader = Vertx.vertx();
    worker = Vertx.vertx();
    ClusterTls tls = new ClusterTls(node.cert().toString(), node.key().toString(), ca.caCert().toString());
    ClusterTls.install(leader, tls);
    ClusterTls.install(worker, tls);
    server = await(leader.createNetServer(ClusterTls.presenceServer(leader))
        .connectHandler(socket -> socket.handler(bytes -> received.add(bytes.toString())))
        .listen(0, "127.0.0.1"));
    port = server.actualPort();
  }

  @AfterEach
  void tearDown() throws Exception {
    ClusterTls.forget(leader);
    ClusterTls.forget(worker);
    await(leader.close());
    await(worker.close());
  }

  @Test
  void aNodeWithTheClusterCertificateIsHeard() throws Exception {
    NetSocket socket = await(client(ClusterTls.presenceClient(worker)).connect(port, "127.0.0.1"));
    await(socket.write(Buffer.buffer("hello from w-1")));

    awaitReceived("hello from w-1");
  }

  @Test
  void aPlainClientIsNeverHeard() throws Exception {
    NetSocket plain = await(client(new NetClientOptions()).connect(port, "127.0.0.1"));
    plain.write(Buffer.buffer("hello from a rogue"));
    Future<Void> closed = Future.future(p -> plain.closeHandler(v -> p.tryComplete()));

    await(closed); // the server's TLS handshake fails on the plain bytes and closes the connection
    // a genuine hello sent after the rogue's shows the server was still listening when the rogue spoke
    NetSocket genuine = await(client(ClusterTls.presenceClient(worker)).connect(port, "127.0.0.1"));
    await(genuine.write(Buffer.buffer("hello from w-1")));
    awaitReceived("hello from w-1");
    assertThat(received).noneMatch(s -> s.contains("rogue"));
  }

  @Test
  void aClientWithACertificateOfAnotherCaIsRefused() throws Exception {
    ClusterTls wrong = new ClusterTls(foreign.cert().toString(), foreign.key().toString(), ca.caCert().toString());

    Future<NetSocket> connected = client(wrong.clientOptions()).connect(port, "127.0.0.1")
        .compose(s -> s.write(Buffer.buffer("hello from a foreigner")).map(s));
    Future<Void> closedOrFailed = connected.compose(s -> Future.future(p -> s.closeHandler(v -> p.tryComplete())),
        e -> Future.succeededFuture());

    await(closedOrFailed);
    assertThat(received).noneMatch(s -> s.contains("foreigner"));
  }

  private NetClient client(NetClientOptions options) {
    NetClient client = worker.createNetClient(options);
    clients.add(client);
    return client;
  }

  private void awaitReceived(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (received.stream().noneMatch(s -> s.contains(text))) {
      assertThat(System.nanoTime()).as("%s received within 10 s (got %s)", text, received).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
