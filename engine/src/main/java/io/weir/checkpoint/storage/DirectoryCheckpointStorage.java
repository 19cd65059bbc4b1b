package io.weir.checkpoint.storage;

import io.weir.util.FileTrees;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/** Checkpoint storage in a directory, local or on a file system every node mounts. */
public final class DirectoryCheckpointStorage implements CheckpointStorage {
  /** File system types on local disks or in memory (as Linux names them), whose files this storage maps to restore them. */
  private static final Set<String> LOCAL_FILE_SYSTEMS = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "zfs", "f2fs",
      "tmpfs", "overlay", "apfs", "hfs", "ntfs");
  private final Path root;

  public DirectoryCheckpointStorage(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  @Override
  public StorageUri location() {
    return StorageUri.directory(root);
  }

  Path resolve(String path) {
    Path p = root.resolve(path).normalize();
    if (!p.startsWith(root)) {
      throw new IllegalArgumentException("path " + path + " leaves the checkpoint directory " + root);
    }
    return p;
  }

  @Override
  public StateFile write(String path, StreamWriter writer) throws IOException {
    Path target = resolve(path);
    Files.createDirectories(target.getParent());
    try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ChecksummingOutputStream out = new ChecksummingOutputStream(
          new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16));
      writer.writeTo(out);
      out.flush();
      channel.force(false);
      return new StateFile(path, out.written(), out.checksum());
    }
  }

  @Override
  public InputStream open(StateFile file) throws IOException {
    try {
      return new VerifyingInputStream(Files.newInputStream(resolve(file.path())), file);
    } catch (NoSuchFileException e) {
      throw new CorruptCheckpointException("state file " + file.path() + " is missing from " + root);
    }
  }

  /**
   * Maps the file when it is on a local file system: a file that another node deletes from a shared
   * one (NFS, SMB) would vanish under the mapping, while a local file that is deleted stays readable
   * until it is unmapped.
   */
  @Override
  public Optional<ByteBuffer> map(StateFile file) throws IOException {
    Path p = resolve(file.path());
    if (file.size() > Integer.MAX_VALUE || !onLocalFileSystem(p)) {
      return Optional.empty();
    }
    try (FileChannel channel = FileChannel.open(p, StandardOpenOption.READ)) {
      long size = channel.size();
      ByteBuffer mapped = size == file.size() ? channel.map(FileChannel.MapMode.READ_ONLY, 0, size) : ByteBuffer.allocate(0);
      CRC32C crc = new CRC32C();
      crc.update(mapped.duplicate());
      file.verify(size, crc.getValue()); // the size first: a partial file is not mapped
      return Optional.of(mapped);
    } catch (NoSuchFileException e) {
      throw new CorruptCheckpointException("state file " + file.path() + " is missing from " + root);
    }
  }

  private static boolean onLocalFileSystem(Path p) {
    try {
      return LOCAL_FILE_SYSTEMS.contains(Files.getFileStore(p).type());
    } catch (NoSuchFileException e) {
      return true; // map() reports it missing
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void checkPresent(StateFile file) throws CorruptCheckpointException {
    Path p = resolve(file.path());
    try {
      long size = Files.size(p);
      if (size != file.size()) {
        throw new CorruptCheckpointException("state file " + file.path() + " has " + size + " bytes, "
            + file.size() + " were written (partial file)");
      }
    } catch (NoSuchFileException e) {
      throw new CorruptCheckpointException("state file " + file.path() + " is missing from " + root);
    } catch (CorruptCheckpointException e) {
      throw e;
    } catch (IOException e) {
      throw new CorruptCheckpointException("state file " + file.path() + " cannot be read: " + e.getMessage());
    }
  }

  @Override
  public void writeAtomically(String path, byte[] content) throws IOException {
    Path target = resolve(path);
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      try (OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        out.write(content);
        channel.force(true);
      }
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public byte[] readFully(String path) throws IOException {
    try {
      return Files.readAllBytes(resolve(path));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public List<String> list(String folder) throws IOException {
    Path dir = resolve(folder);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries.forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }

  @Override
  public void deleteRecursively(String folder) throws IOException {
    FileTrees.delete(resolve(folder));
  }


  @Override
  public void delete(String path) throws IOException {
    Files.deleteIfExists(resolve(path));
  }

  @Override
  public StateFile upload(String path, Path localFile) throws IOException {
    return write(path, out -> Files.copy(localFile, out));
  }
}
