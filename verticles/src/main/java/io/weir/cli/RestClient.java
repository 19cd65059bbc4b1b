package io.weir.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
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

  /** {@code url}: one coordinator's REST API, or a comma-separated list tried in order. */
  RestClient(String url) {
    this.urls = new CoordinatorUrls(url);
    URI uri = URI.create(urls.bases().get(0));
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(uri.getHost())
        .setDefaultPort(uri.getPort() < 0 ? 80 : uri.getPort()).setConnectTimeout(3000));
  }

  JsonObject get(String path) {
    return urls.tryInOrder(base -> await(client.getAbs(base + path).send(), base, path, 10));
  }

  JsonObject post(String path, JsonObject body, long timeoutSeconds) {
    return urls.tryInOrder(base -> await(client.postAbs(base + path).sendJsonObject(body), base, path, timeoutSeconds));
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
