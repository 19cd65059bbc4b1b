package io.weir.rest;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * Requires {@code Authorization: Bearer TOKEN} on every route but the open ones (the dashboard's
 * page and scripts, which hold no data, and {@code /metrics} when it is left open). A missing or
 * wrong token gets 401 as JSON. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, in time that does not depend on where they differ.
 */
final class TokenAuth implements Handler<RoutingContext> {
  private static final String PREFIX = "Bearer ";

  private final byte[] expected;
  private final Set<String> openPaths;

  TokenAuth(String token, Set<String> openPaths) {
    this.expected = digest(token);
    this.openPaths = Set.copyOf(openPaths);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (openPaths.contains(ctx.normalizedPath())) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      refuse(ctx, "this coordinator requires a token: send the header 'Authorization: Bearer TOKEN'"
          + " (the CLI takes --token-file FILE or WEIR_TOKEN)");
      return;
    }
    if (!MessageDigest.isEqual(expected, digest(header.substring(PREFIX.length()).trim()))) {
      refuse(ctx, "the token is wrong");
      return;
    }
    ctx.next();
  }

  private static void refuse(RoutingContext ctx, String message) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"weir\"");
    RestApi.error(ctx, 401, message);
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
