package io.weir.security;

import io.weir.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The roots under which a job may write ({@code security.allowed-paths}); an empty list allows
 * every path. Paths are compared after resolving {@code ..} and the symbolic links of the part
 * that exists, so {@code /data/weir/../../etc} and a link out of a root are both outside.
 */
public final class AllowedPaths {
  private final List<String> configured;
  private final List<Path> roots;

  public AllowedPaths(List<String> roots) {
    this.configured = List.copyOf(roots);
    this.roots = roots.stream().map(AllowedPaths::real).toList();
  }

  public boolean allows(Path path) {
    if (roots.isEmpty()) {
      return true;
    }
    Path p = real(path.toString());
    return roots.stream().anyMatch(p::startsWith);
  }

  /** Throws naming {@code what} and the roots when {@code path} is outside them. */
  public void require(Path path, String what) {
    if (!allows(path)) {
      throw new ConfigException(what + " " + path + ", outside security.allowed-paths (" + String.join(", ", configured)
          + "); choose a directory under one of them");
    }
  }

  /** The absolute, normalized path with the symbolic links of its longest existing prefix resolved. */
  static Path real(String path) {
    Path p = Path.of(path).toAbsolutePath().normalize();
    Path existing = p;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return p;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(p)).normalize();
    } catch (IOException e) {
      return p;
    }
  }
}
