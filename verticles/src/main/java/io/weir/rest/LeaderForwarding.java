package io.weir.rest;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standby coordinator's REST API: everything about jobs ({@code /jobs...}: submit, cancel,
 * savepoint, stop, and the reads of them, which only the leader can answer) is forwarded to the
 * leader and its answer passed back as it is; the rest ({@code /cluster}, {@code /overview},
 * metrics, the dashboard) this coordinator answers itself. While this coordinator leads, nothing is
 * forwarded. With no leader known, or one that does not answer, the answer is a 503 that says so.
 */
public final class LeaderForwarding {
  private static final Logger log = LoggerFactory.getLogger(LeaderForwarding.class);
  private static final long TIMEOUT_MS = 30_000;
  /** Set on a forwarded request and answer: which coordinator forwarded it. */
  public static final String FORWARDED_BY = "x-weir-forwarded-by";

  /** What the forwarding asks of the election. */
  public interface Leadership {
    boolean leading();

    /** This coordinator's name. */
    String coordinator();

    /** The leader's REST API ({@code http://host:port} or {@code https://...}); null when no other coordinator is known to lead. */
    Future<String> leaderUrl();
  }

  private final HttpClient client;
  private final Leadership leadership;
  private final RestSecurity security;

  private LeaderForwarding(Vertx vertx, Leadership leadership, RestSecurity security) {
    this.client = vertx.createHttpClient(clientOptions(security));
    this.leadership = leadership;
    this.security = security;
  }

  /**
   * The handler that {@link RestApi#router} puts in front of its {@code /jobs...} routes, after the
   * guard and the token. Over HTTPS the leader's certificate must be one this coordinator's own
   * {@code --rest-tls-cert} file holds or is signed by a CA certificate in it (the coordinators of a
   * cluster share a certificate, or their CA's certificate is in each one's chain); the host name is
   * verified. The forwarded request carries this coordinator's token (the client's was checked here).
   */
  public static Handler<RoutingContext> handler(Vertx vertx, Leadership leadership, RestSecurity security) {
    return new LeaderForwarding(vertx, leadership, security)::handle;
  }

  private static HttpClientOptions clientOptions(RestSecurity security) {
    HttpClientOptions options = new HttpClientOptions();
    if (security.tls()) {
      options.setVerifyHost(true).setTrustOptions(new PemTrustOptions().addCertPath(security.tlsCert()));
    }
    return options;
  }

  private void handle(RoutingContext ctx) {
    if (leadership.leading() || ctx.request().getHeader(FORWARDED_BY) != null) {
      ctx.next(); // a request forwarded once is answered where it arrives, never passed on in a loop
      return;
    }
    leadership.leaderUrl().onComplete(ar -> {
      String url = ar.succeeded() ? ar.result() : null;
      if (url == null) {
        RestApi.error(ctx, 503, "coordinator " + leadership.coordinator() + " is a standby and knows of no leader now"
            + " (an election may be under way); try again in a few seconds");
        return;
      }
      forward(ctx, url);
    });
  }

  private void forward(RoutingContext ctx, String leaderUrl) {
    HttpMethod method = ctx.request().method();
    RequestOptions request = new RequestOptions().setMethod(method).setAbsoluteURI(leaderUrl + ctx.request().uri())
        .setTimeout(TIMEOUT_MS).putHeader(FORWARDED_BY, leadership.coordinator());
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType != null) {
      request.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    }
    if (security.token() != null) {
      request.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + security.token());
    }
    Buffer body = ctx.body() == null || ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    log.debug("coordinator {} forwards {} {} to the leader at {}", leadership.coordinator(), method, ctx.request().uri(),
        leaderUrl);
    client.request(request)
        .compose(out -> out.send(body))
        .compose(response -> response.body().map(answer -> relay(ctx, response, answer)))
        .onFailure(e -> RestApi.error(ctx, 503, "coordinator " + leadership.coordinator()
            + " is a standby and could not reach the leader at " + leaderUrl + ": " + e.getMessage()));
  }

  private Void relay(RoutingContext ctx, HttpClientResponse response, Buffer answer) {
    String contentType = response.getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType != null) {
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    }
    ctx.response().putHeader(FORWARDED_BY, leadership.coordinator()).setStatusCode(response.statusCode()).end(answer);
    return null;
  }
}
