package io.weir.rest;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the REST API is protected: a bearer token (null: none), and HTTPS with a PEM certificate and
 * key (null: plain HTTP). {@code insecure} lets an operator serve a non-loopback address without a
 * token, which is otherwise refused.
 */
public record RestSecurity(String token, String tlsCert, String tlsKey, boolean insecure) {
  /** No token, plain HTTP: only for loopback. */
  public static RestSecurity none() {
    return new RestSecurity(null, null, null, false);
  }

  public RestSecurity {
    if (token != null && token.isBlank()) {
      throw new IllegalArgumentException("the REST token is empty");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("HTTPS needs both --rest-tls-cert and --rest-tls-key");
    }
    for (String f : new String[] {tlsCert, tlsKey}) {
      if (f != null && !Files.isReadable(Path.of(f))) {
        throw new IllegalArgumentException("cannot read " + f + " (a PEM file for the REST API's HTTPS)");
      }
    }
  }

  public boolean tls() {
    return tlsCert != null;
  }

  public String scheme() {
    return tls() ? "https" : "http";
  }

  /** The HTTP server's options: HTTPS with the PEM certificate and key when given. */
  public HttpServerOptions serverOptions() {
    HttpServerOptions options = new HttpServerOptions();
    if (tls()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(tlsCert).setKeyPath(tlsKey));
    }
    return options;
  }

  /** Refuses to serve a non-loopback address without a token, unless {@code insecure}. */
  public void checkBind(String host) {
    if (token != null || insecure || isLoopback(host)) {
      return;
    }
    throw new IllegalStateException("refusing to serve the REST API on " + host + " without a token: anyone who reaches it"
        + " could submit and cancel jobs; give --rest-token-file FILE (or WEIR_REST_TOKEN), or --insecure to do it anyway");
  }

  static boolean isLoopback(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "RestSecurity[token=" + (token == null ? "none" : "***") + ", tls=" + tls() + ", insecure=" + insecure + "]";
  }
}
