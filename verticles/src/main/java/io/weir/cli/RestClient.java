package io.weir.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Talks to the coordinator's REST API for the client commands; every failure becomes one clear sentence. */
final class RestClient implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final WebClient client;
  private final CoordinatorUrls urls;
  private final String token;

  /**
   * {@code url}: one coordinator's REST API, or a comma-separated list tried in order; {@code token}
   * null sends none; {@code ca} null trusts the JVM's CAs for https.
   */
  RestClient(String url, String token, java.nio.file.Path ca) {
    this.token = token;
    this.urls = new CoordinatorUrls(url);
    boolean https = urls.anyHttps();
    if (ca != null && !https) {
      throw new IllegalArgumentException("--ca is for an https:// coordinator; " + url + " is plain http");
    }
    if (ca != null && !java.nio.file.Files.isReadable(ca)) {
      throw new IllegalArgumentException("--ca: cannot read " + ca);
    }
    URI uri = URI.create(urls.bases().get(0));
    boolean firstHttps = "https".equals(uri.getScheme());
    WebClientOptions options = new WebClientOptions().setDefaultHost(uri.getHost())
        .setDefaultPort(uri.getPort() < 0 ? (firstHttps ? 443 : 80) : uri.getPort()).setConnectTimeout(3000);
    if (https) {
      options.setVerifyHost(true);
      if (ca != null) {
        options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()));
      }
    }
    this.client = WebClient.create(vertx, options);
  }

  private HttpRequest<Buffer> authorized(HttpRequest<Buffer> request) {
    return token == null ? request : request.bearerTokenAuthentication(token);
  }

  JsonObject get(String path) {
    return urls.tryInOrder(base -> await(authorized(client.getAbs(base + path)).send(), base, path, 10));
  }

  JsonObject post(String path, JsonObject body, long timeoutSeconds) {
    return urls.tryInOrder(base -> await(authorized(client.postAbs(base + path)).sendJsonObject(body), base, path,
        timeoutSeconds));
  }

  private JsonObject await(Future<HttpResponse<Buffer>> request, String base, String path, long timeoutSeconds) {
    HttpResponse<Buffer> response;
    try {
      response = request.toCompletionStage().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConnectException || String.valueOf(cause.getMessage()).contains("Connection refused")) {
        throw new CoordinatorUrls.Unreachable("cannot reach the coordinator at " + base + " (connection refused); is it "
            + "running? Start one with: java -jar weir.jar coordinator");
      }
      if (cause instanceof javax.net.ssl.SSLException || String.valueOf(cause.getMessage()).contains("PKIX")) {
        throw new IllegalStateException("cannot reach the coordinator at " + base + ": its certificate is not trusted ("
            + Console.message(cause) + "); give its CA with --ca FILE");
      }
      throw new CoordinatorUrls.Unreachable("cannot reach the coordinator at " + base + ": " + Console.message(cause));
    } catch (TimeoutException e) {
      throw new IllegalStateException("the coordinator at " + base + " did not answer " + path + " within " + timeoutSeconds + "s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
    JsonObject json;
    try {
      json = response.bodyAsJsonObject();
    } catch (DecodeException e) {
      throw new IllegalStateException(base + path + " answered " + response.statusCode() + " with something that is not JSON"
          + " (is this a Weir coordinator?)");
    }
    if (response.statusCode() == 401) {
      throw new IllegalStateException("the coordinator at " + base + " refused the request: "
          + (json != null && json.getString("error") != null ? json.getString("error") : "401")
          + (token == null ? "; give its token with --token-file FILE or WEIR_TOKEN" : ""));
    }
    if (response.statusCode() == 503) { // a standby that has no leader to forward to now
      throw new CoordinatorUrls.Unreachable(json != null && json.getString("error") != null ? json.getString("error")
          : base + path + " answered 503");
    }
    if (response.statusCode() >= 400) {
      throw new IllegalStateException(json != null && json.getString("error") != null ? json.getString("error")
          : base + path + " answered " + response.statusCode());
    }
    return json == null ? new JsonObject() : json;
  }

  @Override
  public void close() {
    client.close();
    vertx.close();
  }
}
