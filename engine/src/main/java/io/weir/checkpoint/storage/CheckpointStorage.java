package io.weir.checkpoint.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Where checkpoints are kept: a directory on a local or shared file system, or a Hazelcast IMap.
 * Paths are relative to the storage's root, named by {@link CheckpointLayout}. Every file written is
 * checksummed, and every read verifies size and checksum. All methods block: call them from
 * worker threads (tasks run on worker contexts; the coordinator uses executeBlocking).
 */
public interface CheckpointStorage {

  /** Writes the content of a state file. */
  @FunctionalInterface
  interface StreamWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Where this storage is: another node opens the same storage with it. */
  StorageUri location();

  /** The text form of {@link #location()}, such as {@code directory:/data/checkpoints}. */
  default String uri() {
    return location().format();
  }

  StateFile write(String path, StreamWriter writer) throws IOException;

  /**
   * Opens a state file for reading. The stream throws {@link CorruptCheckpointException} when the
   * file is missing, or, once read to its end, when its size or checksum do not match.
   */
  InputStream open(StateFile file) throws IOException;

  /**
   * The whole state file mapped read-only into memory, its size and checksum verified, when this
   * storage keeps it on a local file system and it is under 2 GiB: a restore then reads it in place,
   * without copying it into the heap. Empty when the file has to be read with {@link #open}. Throws
   * {@link CorruptCheckpointException} as {@link #open}'s stream does.
   */
  default Optional<ByteBuffer> map(StateFile file) throws IOException {
    return Optional.empty();
  }

  /** Cheap check that a file is there with the right size (no checksum). */
  void checkPresent(StateFile file) throws CorruptCheckpointException;

  /** Writes a small file so that readers see all of it or none of it (the checkpoint metadata). */
  void writeAtomically(String path, byte[] content) throws IOException;

  /** The whole content of a small file, or null when it does not exist. */
  byte[] readFully(String path) throws IOException;

  /**
   * The whole content of a small file, preferring a copy that passes {@code intact} when the storage
   * keeps more than one ({@link MirroredCheckpointStorage}); null when it does not exist.
   */
  default byte[] readFully(String path, java.util.function.Predicate<byte[]> intact) throws IOException {
    return readFully(path);
  }

  /** The names of the entries under a folder; empty when it does not exist. */
  List<String> list(String folder) throws IOException;

  /** Deletes a folder and everything under it; nothing when it does not exist. */
  void deleteRecursively(String folder) throws IOException;

  void delete(String path) throws IOException;

  /** Uploads a local file (RocksDB's SST files). */
  default StateFile upload(String path, Path localFile) throws IOException {
    return write(path, out -> Files.copy(localFile, out));
  }

  /** Downloads a file into {@code target}, verifying it. */
  default void download(StateFile file, Path target) throws IOException {
    try (InputStream in = open(file)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
