package io.weir.rest;

import io.vertx.core.Handler;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Locale;

/**
 * Keeps web pages the operator visits from using the API through the browser. A request from a
 * page of another origin (browsers name it in {@code Origin}; curl and the CLI send none) is
 * refused with 403, so a hostile page cannot submit or cancel (cross-site request forgery).
 * Without a token, the API also answers only requests addressed to an IP address or
 * {@code localhost}, so a host name that a hostile site re-points at 127.0.0.1 (DNS rebinding)
 * is refused too.
 */
final class RequestGuard implements Handler<RoutingContext> {
  private final boolean checkHost;

  /** {@code checkHost}: refuse Host names other than IP literals and localhost (when there is no token). */
  RequestGuard(boolean checkHost) {
    this.checkHost = checkHost;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    if (checkHost && !addressedDirectly(authority)) {
      RestApi.error(ctx, 403, "requests must name the coordinator by IP address or localhost, not '" + authority
          + "'; give the coordinator a token (--rest-token-file) to reach it by host name");
      return;
    }
    String origin = ctx.request().getHeader("origin");
    if (origin != null && !sameOrigin(origin, authority)) {
      RestApi.error(ctx, 403, "requests from pages of other sites (origin " + origin + ") are refused");
      return;
    }
    ctx.next();
  }

  private static boolean sameOrigin(String origin, HostAndPort authority) {
    if (authority == null) {
      return false;
    }
    try {
      URI uri = URI.create(origin);
      int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
      int expected = authority.port() >= 0 ? authority.port() : port;
      return uri.getHost() != null && uri.getHost().equalsIgnoreCase(authority.host()) && port == expected;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static boolean addressedDirectly(HostAndPort authority) {
    if (authority == null) {
      return false;
    }
    String host = authority.host().toLowerCase(Locale.ROOT);
    return host.equals("localhost") || host.matches("[0-9.]+") || host.startsWith("[") || host.contains(":");
  }
}
