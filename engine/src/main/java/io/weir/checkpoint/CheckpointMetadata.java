package io.weir.checkpoint;

import io.vertx.core.Vertx;
import io.weir.checkpoint.storage.CheckpointLayout;
import io.weir.checkpoint.storage.CheckpointStorage;
import io.weir.checkpoint.storage.CheckpointStorages;
import io.weir.checkpoint.storage.CorruptCheckpointException;
import io.weir.checkpoint.storage.StateFile;
import io.weir.checkpoint.storage.StorageUri;
import io.weir.serde.Serde;
import io.weir.state.KeyedStateHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A completed checkpoint or savepoint, as written to its {@code _metadata} file: per operator
 * (by name, so chains and parallelism may change), every subtask's keyed state handle and operator
 * state. The file is written last and atomically, with a checksum: a checkpoint without a valid
 * metadata file is not complete.
 */
public record CheckpointMetadata(String job, long id, long timestamp, boolean savepoint, String storageUri,
                                 Map<String, List<KeyedStateHandle>> keyed, Map<String, List<byte[]>> operators,
                                 long stateSize, long uploadedSize) {
  public static final String FILE = CheckpointLayout.METADATA;
  private static final int MAGIC = 0x57434b50;

  /** This checkpoint's id ({@code id} stays a number in the record, so that the file's form is unchanged). */
  public CheckpointId checkpointId() {
    return new CheckpointId(id);
  }

  /** The storage this checkpoint or savepoint was written to. */
  public StorageUri storage() {
    return StorageUri.parse(storageUri);
  }

  public List<StateFile> files() {
    List<StateFile> files = new ArrayList<>();
    for (List<KeyedStateHandle> handles : keyed.values()) {
      for (KeyedStateHandle h : handles) {
        files.addAll(h.files());
      }
    }
    return files;
  }

  public List<StateFile> sharedFiles() {
    List<StateFile> files = new ArrayList<>();
    for (List<KeyedStateHandle> handles : keyed.values()) {
      for (KeyedStateHandle h : handles) {
        files.addAll(h.sharedFiles());
      }
    }
    return files;
  }

  public byte[] encode() {
    byte[] body = Serde.toBytes(this);
    CRC32C crc = new CRC32C();
    crc.update(body);
    return ByteBuffer.allocate(16 + body.length).putInt(MAGIC).putInt(body.length).put(body).putLong(crc.getValue()).array();
  }

  /** Loads a savepoint's or checkpoint's metadata from its folder or storage URI. */
  public static CheckpointMetadata load(String location, Vertx vertx) throws CorruptCheckpointException {
    CheckpointStorage s = CheckpointStorages.open(StorageUri.parse(location), vertx);
    try {
      return decode(s.readFully(CheckpointLayout.METADATA, CheckpointMetadata::intact), location);
    } catch (CorruptCheckpointException e) {
      throw e;
    } catch (Exception e) {
      throw new CorruptCheckpointException("cannot read " + location + ": " + e.getMessage());
    }
  }

  /** Whether {@code bytes} decode as checkpoint metadata (to choose between two copies). */
  public static boolean intact(byte[] bytes) {
    try {
      decode(bytes, "");
      return true;
    } catch (CorruptCheckpointException e) {
      return false;
    }
  }

  public static CheckpointMetadata decode(byte[] bytes, String where) throws CorruptCheckpointException {
    if (bytes == null) {
      throw new CorruptCheckpointException(where + " has no metadata file (the checkpoint never completed, or the file was lost)");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    if (bytes.length < 16 || buf.getInt() != MAGIC) {
      throw new CorruptCheckpointException(where + ": the metadata file is not Weir checkpoint metadata");
    }
    int length = buf.getInt();
    if (length != bytes.length - 16) {
      throw new CorruptCheckpointException(where + ": the metadata file is truncated");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 8, length);
    if (ByteBuffer.wrap(bytes, 8 + length, 8).getLong() != crc.getValue()) {
      throw new CorruptCheckpointException(where + ": the metadata file fails its checksum (corrupt)");
    }
    try {
      return (CheckpointMetadata) Serde.fromBytes(bytes, 8, length);
    } catch (RuntimeException e) {
      throw new CorruptCheckpointException(where + ": the metadata cannot be decoded: " + e.getMessage());
    }
  }
}
