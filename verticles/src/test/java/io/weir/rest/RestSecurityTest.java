package io.weir.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.weir.testing.TestCertificates;
import io.weir.testing.TestClusters;
import io.weir.verticles.CoordinatorVerticle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API's token and HTTPS: a missing or wrong token is a JSON 401, an untrusted certificate is refused. */
class RestSecurityTest {
  private static final String TOKEN = "s3cret-token-for-this-test";

  @TempDir
  Path dir;

  private final Vertx clientVertx = Vertx.vertx();

  @AfterEach
  void close() {
    TestClusters.await(clientVertx.close(), Duration.ofSeconds(10));
  }

  private static HttpResponse<Buffer> await(Future<HttpResponse<Buffer>> f) {
    return TestClusters.await(f, Duration.ofSeconds(10));
  }

  @Test
  void withoutTheTokenEveryDataRouteIsA401InJson() {
    try (TestCoordinator c = new TestCoordinator(dir, null, new RestSecurity(TOKEN, null, null, false))) {
      WebClient client = WebClient.create(clientVertx);
      for (String path : new String[] {"/jobs", "/cluster", "/overview", "/metrics", "/jobs/x/graph"}) {
        HttpResponse<Buffer> r = await(client.get(c.port(), "127.0.0.1", path).send());
        assertThat(r.statusCode()).as(path).isEqualTo(401);
        assertThat(r.getHeader("content-type")).isEqualTo("application/json");
        assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer");
        assertThat(r.bodyAsJsonObject().getString("error")).contains("requires a token").contains("Authorization: Bearer");
      }
      HttpResponse<Buffer> submit = await(client.post(c.port(), "127.0.0.1", "/jobs")
          .sendJsonObject(new JsonObject().put("job", "word-count")));
      assertThat(submit.statusCode()).isEqualTo(401);
      assertThat(c.coordinator.jobs().jobs()).as("nothing was submitted").isEmpty();
    }
  }

  @Test
  void aWrongTokenIsA401AndTheRightOneIsServed() {
    try (TestCoordinator c = new TestCoordinator(dir, null, new RestSecurity(TOKEN, null, null, false))) {
      WebClient client = WebClient.create(clientVertx);
      for (String wrong : new String[] {"wrong", TOKEN + "x", TOKEN.substring(1), ""}) {
        HttpResponse<Buffer> r = await(client.get(c.port(), "127.0.0.1", "/jobs").putHeader("Authorization", "Bearer " + wrong).send());
        assertThat(r.statusCode()).as("token '%s'", wrong).isEqualTo(401);
        assertThat(r.bodyAsJsonObject().getString("error")).isIn("the token is wrong",
            "this coordinator requires a token: send the header 'Authorization: Bearer TOKEN' (the CLI takes --token-file FILE or WEIR_TOKEN)");
      }
      HttpResponse<Buffer> basic = await(client.get(c.port(), "127.0.0.1", "/jobs").basicAuthentication("u", TOKEN).send());
      assertThat(basic.statusCode()).as("a token sent as basic auth").isEqualTo(401);
      HttpResponse<Buffer> ok = await(client.get(c.port(), "127.0.0.1", "/jobs").bearerTokenAuthentication(TOKEN).send());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.bodyAsJsonObject().getJsonArray("jobs")).isEmpty();
    }
  }

  @Test
  void theDashboardPageLoadsWithoutTheTokenButHoldsNoData() {
    try (TestCoordinator c = new TestCoordinator(dir, null, new RestSecurity(TOKEN, null, null, false))) {
      WebClient client = WebClient.create(clientVertx);
      HttpResponse<Buffer> page = await(client.get(c.port(), "127.0.0.1", "/").send());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.getHeader("content-security-policy")).contains("script-src 'self'");
      assertThat(page.bodyAsString()).contains("id=\"login\"").doesNotContain("workers,");
      assertThat(await(client.get(c.port(), "127.0.0.1", "/dashboard.js").send()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void metricsMayBeLeftOpenBySetting() {
    JsonObject open = new JsonObject().put("security", new JsonObject().put("metrics-open", true));
    try (TestCoordinator c = new TestCoordinator(dir, open, new RestSecurity(TOKEN, null, null, false))) {
      WebClient client = WebClient.create(clientVertx);
      HttpResponse<Buffer> metrics = await(client.get(c.port(), "127.0.0.1", "/metrics").send());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.bodyAsString()).contains("weir_cluster_workers");
      assertThat(await(client.get(c.port(), "127.0.0.1", "/jobs").send()).statusCode()).as("the rest stays closed")
          .isEqualTo(401);
    }
  }

  @Test
  void aNonLoopbackAddressWithoutATokenIsRefusedUnlessInsecure() {
    assertThatThrownBy(() -> RestSecurity.none().checkBind("0.0.0.0"))
        .hasMessageStartingWith("refusing to serve the REST API on 0.0.0.0 without a token")
        .hasMessageContaining("--rest-token-file").hasMessageContaining("--insecure");
    new RestSecurity(TOKEN, null, null, false).checkBind("0.0.0.0");
    new RestSecurity(null, null, null, true).checkBind("0.0.0.0");
    RestSecurity.none().checkBind("127.0.0.1");
    RestSecurity.none().checkBind("localhost");
    // the verticle refuses before it binds anything
    Vertx vertx = Vertx.vertx();
    try {
      CoordinatorVerticle v = new CoordinatorVerticle(new CoordinatorVerticle.Options(TestClusters.config(dir, null),
          "0.0.0.0", 0, null, RestSecurity.none()));
      assertThatThrownBy(() -> vertx.deployVerticle(v).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
          .hasMessageContaining("refusing to serve the REST API on 0.0.0.0");
    } finally {
      TestClusters.await(vertx.close(), Duration.ofSeconds(10));
    }
  }

  @Test
  void httpsServesClientsThatTrustTheCaAndRefusesOthers() throws Exception {
    TestCertificates ca = TestCertificates.ca(dir.resolve("certs"), "rest");
    TestCertificates.Pair server = ca.issue("coordinator");
    TestCertificates other = TestCertificates.ca(dir.resolve("other"), "other");
    RestSecurity security = new RestSecurity(TOKEN, server.cert().toString(), server.key().toString(), false);
    try (TestCoordinator c = new TestCoordinator(dir, null, security)) {
      WebClient trusting = WebClient.create(clientVertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
          .setTrustOptions(new PemTrustOptions().addCertPath(ca.caCert().toString())));
      HttpResponse<Buffer> ok = await(trusting.get(c.port(), "127.0.0.1", "/jobs").bearerTokenAuthentication(TOKEN).send());
      assertThat(ok.statusCode()).isEqualTo(200);

      WebClient untrusting = WebClient.create(clientVertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
          .setTrustOptions(new PemTrustOptions().addCertPath(other.caCert().toString())));
      assertThatThrownBy(() -> untrusting.get(c.port(), "127.0.0.1", "/jobs").bearerTokenAuthentication(TOKEN).send()
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
          .as("a certificate from a CA the client does not trust").hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class)
          .rootCause().isInstanceOf(java.security.cert.CertPathBuilderException.class);

      WebClient plain = WebClient.create(clientVertx);
      assertThatThrownBy(() -> plain.get(c.port(), "127.0.0.1", "/jobs").send()
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).as("plain HTTP to the HTTPS port");
    }
  }

  @Test
  void pagesOfOtherSitesAndRebindedHostNamesAreRefused() {
    try (TestCoordinator c = new TestCoordinator(dir, null, RestSecurity.none())) {
      WebClient client = WebClient.create(clientVertx);
      HttpResponse<Buffer> forged = await(client.post(c.port(), "127.0.0.1", "/jobs")
          .putHeader("Origin", "http://evil.example").sendJsonObject(new JsonObject().put("job", "word-count")));
      assertThat(forged.statusCode()).isEqualTo(403);
      assertThat(forged.bodyAsJsonObject().getString("error")).contains("origin http://evil.example");
      assertThat(c.coordinator.jobs().jobs()).as("nothing was submitted").isEmpty();
      HttpResponse<Buffer> rebound = await(client.get(c.port(), "127.0.0.1", "/jobs")
          .putHeader("Host", "evil.example:" + c.port()).send());
      assertThat(rebound.statusCode()).isEqualTo(403);
      assertThat(rebound.bodyAsJsonObject().getString("error")).startsWith("requests must name the coordinator by IP address");
      HttpResponse<Buffer> own = await(client.get(c.port(), "127.0.0.1", "/jobs")
          .putHeader("Origin", "http://127.0.0.1:" + c.port()).send());
      assertThat(own.statusCode()).as("the dashboard's own origin").isEqualTo(200);
      assertThat(await(client.get(c.port(), "127.0.0.1", "/jobs").putHeader("Host", "localhost:" + c.port()).send())
          .statusCode()).isEqualTo(200);
    }
    try (TestCoordinator c = new TestCoordinator(dir, null, new RestSecurity(TOKEN, null, null, false))) {
      HttpResponse<Buffer> named = await(WebClient.create(clientVertx).get(c.port(), "127.0.0.1", "/jobs")
          .putHeader("Host", "weir.example:" + c.port()).bearerTokenAuthentication(TOKEN).send());
      assertThat(named.statusCode()).as("with a token, host names are fine").isEqualTo(200);
    }
  }
}
