package io.weir.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code --coordinator} option's value: one REST URL or a comma-separated list of them (the
 * cluster's coordinators, any of which forwards to the leader), tried in order. A request moves on
 * to the next only when a coordinator cannot be reached or answers that it cannot reach a leader,
 * so nothing is ever sent twice to coordinators that both received it.
 */
final class CoordinatorUrls {
  /** A coordinator that could not be reached, or has no leader to forward to: the next one is tried. */
  static final class Unreachable extends IllegalStateException {
    Unreachable(String message) {
      super(message);
    }
  }

  private final List<String> bases;

  CoordinatorUrls(String option) {
    List<String> parsed = new ArrayList<>();
    for (String part : option.split(",")) {
      String url = part.trim();
      if (url.isEmpty()) {
        continue;
      }
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw invalid(url);
      }
      if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw invalid(url);
      }
      parsed.add(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }
    if (parsed.isEmpty()) {
      throw invalid(option);
    }
    this.bases = List.copyOf(parsed);
  }

  private static IllegalArgumentException invalid(String url) {
    return new IllegalArgumentException("--coordinator must be a URL such as http://127.0.0.1:8081, or a comma-separated "
        + "list of them, got '" + url + "'");
  }

  List<String> bases() {
    return bases;
  }

  /** Whether any of the coordinators is reached over https (they share one set of trusted CAs). */
  boolean anyHttps() {
    return bases.stream().anyMatch(base -> base.startsWith("https:"));
  }

  /** Runs {@code request} against each coordinator in order until one is reachable; throws the last one's problem. */
  <T> T tryInOrder(Function<String, T> request) {
    List<String> problems = new ArrayList<>();
    for (String base : bases) {
      try {
        return request.apply(base);
      } catch (Unreachable e) {
        problems.add(e.getMessage());
      }
    }
    throw new IllegalStateException(problems.size() == 1 ? problems.get(0)
        : "no coordinator answered: " + String.join("; ", problems));
  }
}
