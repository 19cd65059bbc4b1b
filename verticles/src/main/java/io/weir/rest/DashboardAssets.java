package io.weir.rest;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard's files, served from the jar (nothing from a CDN): the page, its script and its
 * style. The content-security policy lets the page run only its own script, so markup that ever
 * reached the page could not run anything either.
 */
final class DashboardAssets {
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** Path → (resource, content type). */
  private static final Map<String, String[]> FILES = Map.of(
      "/", new String[] {"dashboard.html", "text/html; charset=utf-8"},
      "/dashboard.js", new String[] {"dashboard.js", "text/javascript; charset=utf-8"},
      "/dashboard.css", new String[] {"dashboard.css", "text/css; charset=utf-8"});

  private DashboardAssets() {
  }

  static java.util.Set<String> paths() {
    return FILES.keySet();
  }

  static void mount(Router router) {
    FILES.forEach((path, file) -> {
      Buffer content = read(file[0]);
      router.get(path).handler(ctx -> ctx.response().putHeader("content-type", file[1])
          .putHeader("content-security-policy", CSP).putHeader("cache-control", "no-cache").end(content));
    });
  }

  private static Buffer read(String name) {
    try (InputStream in = DashboardAssets.class.getResourceAsStream("/io/weir/rest/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
