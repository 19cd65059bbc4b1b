package io.weir.checkpoint.storage;

import io.weir.cluster.ClusterMaps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * Checkpoint storage in a replicated Hazelcast IMap (as Hazelcast Jet keeps its snapshots): it
 * survives the loss of a member as long as the map has a backup. Files are stored in chunks of
 * 1 MiB under {@code <path>#<chunk>}.
 */
public final class ClusterMapCheckpointStorage implements CheckpointStorage {
  static final int CHUNK = 1 << 20;

  private final ClusterMaps maps;
  private final String mapName;

  public ClusterMapCheckpointStorage(ClusterMaps maps, String mapName) {
    this.maps = maps;
    this.mapName = mapName;
  }

  @Override
  public StorageUri location() {
    return StorageUri.imap(mapName);
  }

  private static String chunkKey(String path, long chunk) {
    return path + "#" + chunk;
  }

  @Override
  public StateFile write(String path, StreamWriter writer) throws IOException {
    ChunkingOutputStream chunks = new ChunkingOutputStream(path);
    ChecksummingOutputStream out = new ChecksummingOutputStream(chunks);
    writer.writeTo(out);
    out.flush();
    chunks.finish();
    return new StateFile(path, out.written(), out.checksum());
  }

  @Override
  public InputStream open(StateFile file) throws IOException {
    long chunks = Math.max(1, (file.size() + CHUNK - 1) / CHUNK);
    Enumeration<InputStream> parts = new Enumeration<>() {
      long next;

      @Override
      public boolean hasMoreElements() {
        return next < chunks;
      }

      @Override
      public InputStream nextElement() {
        if (next >= chunks) {
          throw new NoSuchElementException();
        }
        byte[] bytes = maps.get(mapName, chunkKey(file.path(), next++));
        return new ByteArrayInputStream(bytes == null ? new byte[0] : bytes);
      }
    };
    if (maps.get(mapName, chunkKey(file.path(), 0)) == null) {
      throw new CorruptCheckpointException("state file " + file.path() + " is missing from IMap " + mapName);
    }
    return new VerifyingInputStream(new SequenceInputStream(parts), file);
  }

  @Override
  public void checkPresent(StateFile file) throws CorruptCheckpointException {
    long chunks = Math.max(1, (file.size() + CHUNK - 1) / CHUNK);
    byte[] last = maps.get(mapName, chunkKey(file.path(), chunks - 1));
    long expectedLast = file.size() - (chunks - 1) * CHUNK;
    if (last == null || last.length != expectedLast) {
      throw new CorruptCheckpointException("state file " + file.path() + " is missing or partial in IMap " + mapName);
    }
  }

  @Override
  public void writeAtomically(String path, byte[] content) {
    maps.set(mapName, path, content);
  }

  @Override
  public byte[] readFully(String path) {
    return maps.get(mapName, path);
  }

  @Override
  public List<String> list(String folder) {
    String prefix = folder.isEmpty() || folder.endsWith("/") ? folder : folder + "/";
    TreeSet<String> names = new TreeSet<>();
    for (String key : maps.keys(mapName, prefix)) {
      String rest = key.substring(prefix.length());
      int slash = rest.indexOf('/');
      String name = slash >= 0 ? rest.substring(0, slash) : rest;
      int hash = name.lastIndexOf('#');
      names.add(hash >= 0 && slash < 0 ? name.substring(0, hash) : name);
    }
    return new ArrayList<>(names);
  }

  @Override
  public void deleteRecursively(String folder) {
    String prefix = folder.isEmpty() || folder.endsWith("/") ? folder : folder + "/";
    for (String key : maps.keys(mapName, prefix)) {
      maps.delete(mapName, key);
    }
  }

  @Override
  public void delete(String path) {
    for (String key : maps.keys(mapName, path + "#")) {
      maps.delete(mapName, key);
    }
    maps.delete(mapName, path);
  }

  /** Cuts the stream into chunks and stores each as it fills. */
  private final class ChunkingOutputStream extends OutputStream {
    private final String path;
    private byte[] buffer = new byte[CHUNK];
    private int filled;
    private long chunk;

    ChunkingOutputStream(String path) {
      this.path = path;
    }

    @Override
    public void write(int b) {
      if (filled == CHUNK) {
        store();
      }
      buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        if (filled == CHUNK) {
          store();
        }
        int n = Math.min(len, CHUNK - filled);
        System.arraycopy(b, off, buffer, filled, n);
        filled += n;
        off += n;
        len -= n;
      }
    }

    private void store() {
      maps.setAll(mapName, Map.of(chunkKey(path, chunk++), buffer));
      buffer = new byte[CHUNK];
      filled = 0;
    }

    void finish() {
      byte[] last = java.util.Arrays.copyOf(buffer, filled);
      maps.set(mapName, chunkKey(path, chunk++), last);
    }
  }
}
