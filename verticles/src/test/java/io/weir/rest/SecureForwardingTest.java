package io.weir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.weir.node.WeirNode;
import io.weir.testing.TestCertificates;
import io.weir.testing.TestClusters;
import io.weir.verticles.CoordinatorVerticle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinators serving HTTPS with a bearer token, each with its own certificate from one CA
 * (the CA's certificate after the coordinator's in its --rest-tls-cert file): the standby checks
 * the token itself and forwards job requests to the leader over HTTPS.
 */
class SecureForwardingTest {
  private static final String TOKEN = "s3cret-token-for-tests";

  @TempDir
  static Path dir;

  private static final List<WeirNode> nodes = new ArrayList<>();
  private static final List<CoordinatorVerticle> coordinators = new ArrayList<>();
  private static Vertx vertx;
  private static WebClient client;

  @BeforeAll
  static void start() throws Exception {
    TestCertificates ca = TestCertificates.ca(dir.resolve("certs"), "rest");
    String name = TestClusters.uniqueName();
    int hzPort = TestClusters.randomPort();
    for (String c : List.of("c-1", "c-2")) {
      TestCertificates.Pair pair = ca.issue(c);
      Path chain = dir.resolve(c + "-chain.pem");
      Files.writeString(chain, Files.readString(pair.cert()) + Files.readString(ca.caCert()));
      RestSecurity security = new RestSecurity(TOKEN, chain.toString(), pair.key().toString(), false);
      WeirNode node = TestClusters.await(WeirNode.start(WeirNode.Options.loopback(name, hzPort), c), Duration.ofMinutes(1));
      nodes.add(node);
      CoordinatorVerticle coordinator = new CoordinatorVerticle(new CoordinatorVerticle.Options(
          TestClusters.config(dir, null), "127.0.0.1", 0, node.metrics(), security, null));
      TestClusters.await(node.vertx().deployVerticle(coordinator), Duration.ofMinutes(1));
      coordinators.add(coordinator);
    }
    vertx = Vertx.vertx();
    client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.caCert().toString())));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!(coordinators.get(0).leading() && leaderKnownTo(coordinators.get(1)))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("c-1 did not lead, known to c-2, within 60 s");
      }
      Thread.sleep(50);
    }
  }

  private static boolean leaderKnownTo(CoordinatorVerticle c) {
    return c.election() != null && "c-1".equals(c.election().leader());
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
      vertx.close();
    }
    for (WeirNode n : nodes) {
      TestClusters.await(n.close(), Duration.ofSeconds(60));
    }
  }

  private static HttpResponse<Buffer> await(Future<HttpResponse<Buffer>> f) {
    return TestClusters.await(f, Duration.ofSeconds(30));
  }

  @Test
  void aJobSubmittedOverHttpsWithTheTokenToTheStandbyIsForwardedToTheLeader() {
    CoordinatorVerticle standby = coordinators.get(1);
    JsonObject submit = new JsonObject().put("job", "word-count").put("parallelism", 1)
        .put("args", new JsonArray(List.of("--lines", "10", "--out", dir.resolve("out").toString())));

    HttpResponse<Buffer> submitted = await(client.post(standby.restPort(), "127.0.0.1", "/jobs")
        .bearerTokenAuthentication(TOKEN).sendJsonObject(submit));

    assertThat(submitted.statusCode()).as(submitted.bodyAsString()).isEqualTo(201);
    assertThat(submitted.getHeader(LeaderForwarding.FORWARDED_BY)).isEqualTo("c-2");
    String id = submitted.bodyAsJsonObject().getString("id");
    Boolean onLeader = TestClusters.await(coordinators.get(0).<Boolean>call(jm -> Future.succeededFuture(
        jm.job(new io.weir.runtime.JobId(id)) != null)), Duration.ofSeconds(10));
    Integer onStandby = TestClusters.await(standby.<Integer>call(jm -> Future.succeededFuture(jm.jobs().size())),
        Duration.ofSeconds(10));
    assertThat(onLeader).as("the job is on the leader").isTrue();
    assertThat(onStandby).as("jobs on the standby").isZero();
  }

  @Test
  void theStandbyRefusesWhatTheLeaderWouldBeforeForwardingAnything() {
    CoordinatorVerticle standby = coordinators.get(1);
    JsonObject submit = new JsonObject().put("job", "word-count");

    HttpResponse<Buffer> noToken = await(client.post(standby.restPort(), "127.0.0.1", "/jobs").sendJsonObject(submit));
    HttpResponse<Buffer> wrongToken = await(client.post(standby.restPort(), "127.0.0.1", "/jobs")
        .bearerTokenAuthentication("wrong").sendJsonObject(submit));
    HttpResponse<Buffer> otherSite = await(client.post(standby.restPort(), "127.0.0.1", "/jobs")
        .bearerTokenAuthentication(TOKEN).putHeader("Origin", "http://evil.example").sendJsonObject(submit));

    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(wrongToken.statusCode()).isEqualTo(401);
    assertThat(otherSite.statusCode()).isEqualTo(403);
    for (HttpResponse<Buffer> r : List.of(noToken, wrongToken, otherSite)) {
      assertThat(r.getHeader(LeaderForwarding.FORWARDED_BY)).as("answered by the standby itself").isNull();
    }
  }
}
