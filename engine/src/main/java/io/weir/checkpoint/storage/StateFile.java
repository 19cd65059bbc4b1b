package io.weir.checkpoint.storage;

/** A file in checkpoint storage: its path under the storage's root, its size and its CRC32C. */
public record StateFile(String path, long size, long checksum) {

  /** Fails when {@code bytes} read of this file, with CRC32C {@code crc}, are not the file that was written. */
  void verify(long bytes, long crc) throws CorruptCheckpointException {
    if (bytes != size) {
      throw new CorruptCheckpointException("state file " + path + " has " + bytes + " bytes, " + size
          + " were written (partial file)");
    }
    if (crc != checksum) {
      throw new CorruptCheckpointException("state file " + path + " fails its checksum (corrupt)");
    }
  }
}
