package io.weir.checkpoint.storage;

import io.vertx.core.Vertx;
import io.weir.cluster.ClusterMaps;
import java.nio.file.Path;

/** Opens checkpoint storage from its URI: {@code directory:/path} (or a bare path) or {@code imap:<map name>}. */
public final class CheckpointStorages {
  /** The IMap Weir keeps checkpoints in (its name matches the weir.* map config, which has backups). */
  public static final String DEFAULT_MAP = "weir.checkpoints";

  private CheckpointStorages() {
  }

  public static CheckpointStorage open(String uri, Vertx vertx) {
    if (uri.startsWith("imap:")) {
      return new ClusterMapCheckpointStorage(ClusterMaps.of(vertx), uri.substring("imap:".length()));
    }
    String path = uri.startsWith("directory:") ? uri.substring("directory:".length()) : uri;
    if (path.isBlank()) {
      throw new IllegalArgumentException("checkpoint storage '" + uri + "' names no directory");
    }
    return new DirectoryCheckpointStorage(Path.of(path));
  }

  /** The URI of the storage a job's settings choose. */
  public static String uriFor(String storageKind, String dir) {
    return storageKind.equals("imap") ? "imap:" + DEFAULT_MAP : "directory:" + Path.of(dir).toAbsolutePath().normalize();
  }
}
