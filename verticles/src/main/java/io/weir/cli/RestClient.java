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
  private final String base;
  private final String token;

  /** {@code token} null sends none; {@code ca} null trusts the JVM's CAs for https. */
  RestClient(String url, String token, java.nio.file.Path ca) {
    this.token = token;
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--coordinator must be a URL such as http://127.0.0.1:8081, got '" + url + "'");
    }
    boolean https = "https".equals(uri.getScheme());
    if (uri.getHost() == null || !(https || "http".equals(uri.getScheme()))) {
      throw new IllegalArgumentException("--coordinator must be a URL such as http://127.0.0.1:8081, got '" + url + "'");
    }
    if (ca != null && !https) {
      throw new IllegalArgumentException("--ca is for an https:// coordinator; " + url + " is plain http");
    }
    if (ca != null && !java.nio.file.Files.isReadable(ca)) {
      throw new IllegalArgumentException("--ca: cannot read " + ca);
    }
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    WebClientOptions options = new WebClientOptions().setDefaultHost(uri.getHost())
        .setDefaultPort(uri.getPort() < 0 ? (https ? 443 : 80) : uri.getPort()).setConnectTimeout(3000);
    if (https) {
      options.setSsl(true).setVerifyHost(true);
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
    return await(authorized(client.getAbs(base + path)).send(), path, 10);
  }

  JsonObject post(String path, JsonObject body, long timeoutSeconds) {
    return await(authorized(client.postAbs(base + path)).sendJsonObject(body), path, timeoutSeconds);
  }

  private JsonObject await(Future<HttpResponse<Buffer>> request, String path, long timeoutSeconds) {
    HttpResponse<Buffer> response;
    try {
      response = request.toCompletionStage().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConnectException || String.valueOf(cause.getMessage()).contains("Connection refused")) {
        throw new IllegalStateException("cannot reach the coordinator at " + base + " (connection refused); is it running? "
            + "Start one with: java -jar weir.jar coordinator");
      }
      if (cause instanceof javax.net.ssl.SSLException || String.valueOf(cause.getMessage()).contains("PKIX")) {
        throw new IllegalStateException("cannot reach the coordinator at " + base + ": its certificate is not trusted ("
            + Console.message(cause) + "); give its CA with --ca FILE");
      }
      throw new IllegalStateException("cannot reach the coordinator at " + base + ": " + Console.message(cause));
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
