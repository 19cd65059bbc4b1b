package io.weir.checkpoint.storage;

import io.vertx.core.Vertx;
import io.weir.cluster.ClusterMaps;
import io.weir.config.Settings;
import java.nio.file.Path;

/** Opens checkpoint storage from its {@link StorageUri}. */
public final class CheckpointStorages {
  /** The IMap Weir keeps checkpoints in (its name matches the weir.* map config, which has backups). */
  public static final String DEFAULT_MAP = "weir.checkpoints";

  private CheckpointStorages() {
  }

  public static CheckpointStorage open(StorageUri uri, Vertx vertx) {
    if (uri.copy() != null) {
      return new MirroredCheckpointStorage(open(uri.primary(), vertx), open(uri.copy(), vertx));
    }
    return switch (uri.kind()) {
      case IMAP -> new ClusterMapCheckpointStorage(ClusterMaps.of(vertx), uri.location());
      case DIRECTORY -> new DirectoryCheckpointStorage(uri.directory());
    };
  }

  /** Opens the storage a URI's text form names ({@code directory:/path}, a bare path, or {@code imap:<map name>}). */
  public static CheckpointStorage open(String uri, Vertx vertx) {
    return open(StorageUri.parse(uri), vertx);
  }

  /** The storage a job's settings choose ({@code checkpoint.storage} and {@code checkpoint.dir}). */
  public static StorageUri locationFor(String storageKind, String dir) {
    return storageKind.equals(StorageUri.Kind.IMAP.prefix()) ? StorageUri.imap(DEFAULT_MAP) : StorageUri.directory(Path.of(dir));
  }

  /** The storage the checkpoint settings choose, with its second copy when {@code checkpoint.copy} asks for one. */
  public static StorageUri locationFor(Settings.Checkpoint settings) {
    return withCopy(locationFor(settings.storage(), settings.dir()), settings.copy());
  }

  /** {@code primary} with the copy {@code checkpoint.copy} asks for (unchanged when it asks for none). */
  public static StorageUri withCopy(StorageUri primary, Settings.CheckpointCopy copy) {
    if (!copy.enabled() || primary.copy() != null) {
      return primary;
    }
    return primary.withCopy(locationFor(copy.storage(), copy.dir()));
  }

  /** The text form of {@link #locationFor}. */
  public static String uriFor(String storageKind, String dir) {
    return locationFor(storageKind, dir).format();
  }
}
