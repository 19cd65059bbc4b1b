package io.weir.checkpoint.storage;

import java.nio.file.Path;

/**
 * Where a checkpoint storage is: a directory (local, or on a file system every node mounts) or a
 * Hazelcast IMap, and optionally a second copy of everything in it. Its text form, which travels in
 * deployments and barriers and is written into {@code _metadata}, is {@code directory:<absolute path>}
 * or {@code imap:<map name>}, followed by {@value #COPY}{@code <the copy's form>} when there is a copy
 * (e.g. {@code directory:/disk1/cp;copy=directory:/disk2/cp}); {@link #parse} also takes a bare path,
 * as users write savepoint folders.
 */
public record StorageUri(Kind kind, String location, StorageUri copy) {
  /** What separates a storage from its copy in the text form. */
  public static final String COPY = ";copy=";

  /** The kinds of storage, by the word that starts the URI and names them in the settings. */
  public enum Kind {
    DIRECTORY("directory"), IMAP("imap");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }

  public StorageUri(Kind kind, String location) {
    this(kind, location, null);
  }

  public StorageUri {
    if (copy != null && copy.copy() != null) {
      throw new IllegalArgumentException("checkpoint storage '" + copy + "' is a copy and cannot have a copy itself");
    }
    if (kind == null) {
      throw new IllegalArgumentException("checkpoint storage '" + location + "' has no kind (directory or imap)");
    }
    if (location == null || location.isBlank()) {
      throw namesNothing(kind.prefix + ":", kind);
    }
  }

  /** A directory, made absolute and normal so every node names it the same way. */
  public static StorageUri directory(Path dir) {
    return new StorageUri(Kind.DIRECTORY, dir.toAbsolutePath().normalize().toString());
  }

  public static StorageUri imap(String mapName) {
    return new StorageUri(Kind.IMAP, mapName);
  }

  /** This storage with a second copy of everything in {@code copy}. */
  public StorageUri withCopy(StorageUri copy) {
    if (copy.equals(this)) {
      throw new IllegalArgumentException("checkpoint storage '" + this + "' cannot be its own copy");
    }
    return new StorageUri(kind, location, copy);
  }

  /** This storage without its copy. */
  public StorageUri primary() {
    return copy == null ? this : new StorageUri(kind, location);
  }

  /**
   * Parses {@code directory:/path}, {@code imap:name} or a bare path (a directory), each optionally
   * followed by {@code ;copy=<another of these>}; fails naming the text.
   */
  public static StorageUri parse(String uri) {
    if (uri == null) {
      throw new IllegalArgumentException("no checkpoint storage given (use directory:<path> or imap:<map>)");
    }
    int copy = uri.indexOf(COPY);
    if (copy >= 0) {
      return parseOne(uri.substring(0, copy)).withCopy(parseOne(uri.substring(copy + COPY.length())));
    }
    return parseOne(uri);
  }

  private static StorageUri parseOne(String uri) {
    for (Kind kind : Kind.values()) {
      if (uri.startsWith(kind.prefix + ":")) {
        return new StorageUri(kind, uri.substring(kind.prefix.length() + 1));
      }
    }
    if (uri.isBlank()) {
      throw namesNothing(uri, Kind.DIRECTORY);
    }
    return new StorageUri(Kind.DIRECTORY, uri);
  }

  private static IllegalArgumentException namesNothing(String uri, Kind kind) {
    return new IllegalArgumentException("checkpoint storage '" + uri + "' names no "
        + (kind == Kind.IMAP ? "map" : "directory"));
  }

  /** The directory of a {@code directory:} storage; fails for any other kind. */
  public Path directory() {
    if (kind != Kind.DIRECTORY) {
      throw new IllegalArgumentException("checkpoint storage '" + this + "' is not a directory");
    }
    return Path.of(location);
  }

  /** The text form, which {@link #parse} reads back. */
  public String format() {
    return kind.prefix + ":" + location + (copy == null ? "" : COPY + copy.format());
  }

  @Override
  public String toString() {
    return format();
  }
}
