package io.weir.checkpoint.storage;

/** A file in checkpoint storage: its path under the storage's root, its size and its CRC32C. */
public record StateFile(String path, long size, long checksum) {
}
