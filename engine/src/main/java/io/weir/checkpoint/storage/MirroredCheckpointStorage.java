package io.weir.checkpoint.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every checkpoint file in two independent places ({@code checkpoint.copy}). A write goes to both
 * and fails if either fails, so a checkpoint is complete only when both copies are. A read verifies
 * the primary copy by its checksum first and, when it is missing, partial or corrupt, says so once
 * and reads the copy instead (which the reader verifies as it reads). Deletes go to both.
 */
public final class MirroredCheckpointStorage implements CheckpointStorage {
  private static final Logger log = LoggerFactory.getLogger(MirroredCheckpointStorage.class);

  private final CheckpointStorage primary;
  private final CheckpointStorage copy;
  private volatile Consumer<String> copyUsed = note -> { };

  public MirroredCheckpointStorage(CheckpointStorage primary, CheckpointStorage copy) {
    this.primary = primary;
    this.copy = copy;
  }

  public CheckpointStorage primary() {
    return primary;
  }

  public CheckpointStorage copy() {
    return copy;
  }

  /** Told, in operator words, about every file read from the copy because the primary's was unusable. */
  public void onCopyUsed(Consumer<String> listener) {
    this.copyUsed = listener;
  }

  @Override
  public StorageUri location() {
    return primary.location().withCopy(copy.location());
  }

  @Override
  public StateFile write(String path, StreamWriter writer) throws IOException {
    StateFile[] copied = new StateFile[1];
    StateFile written = primary.write(path, first -> copied[0] = copy.write(path, second -> {
      try (OutputStream both = new TeeOutputStream(first, second)) {
        writer.writeTo(both);
      }
    }));
    if (written.size() != copied[0].size() || written.checksum() != copied[0].checksum()) {
      throw new IOException("state file " + path + " differs between " + primary.uri() + " and its copy in " + copy.uri());
    }
    return written;
  }

  @Override
  public InputStream open(StateFile file) throws IOException {
    try (InputStream in = primary.open(file)) {
      in.transferTo(OutputStream.nullOutputStream()); // verifies size and checksum at the end
    } catch (IOException e) {
      usingCopy(file.path(), e.getMessage());
      return copy.open(file);
    }
    return primary.open(file);
  }

  @Override
  public Optional<ByteBuffer> map(StateFile file) throws IOException {
    try {
      Optional<ByteBuffer> mapped = primary.map(file);
      if (mapped.isPresent()) {
        return mapped;
      }
    } catch (IOException e) {
      usingCopy(file.path(), e.getMessage());
      return copy.map(file);
    }
    return Optional.empty(); // open() verifies the primary and falls back to the copy
  }

  @Override
  public void checkPresent(StateFile file) throws CorruptCheckpointException {
    try {
      primary.checkPresent(file);
    } catch (CorruptCheckpointException inPrimary) {
      try {
        copy.checkPresent(file);
      } catch (CorruptCheckpointException inCopy) {
        throw new CorruptCheckpointException(inPrimary.getMessage() + ", and in its copy: " + inCopy.getMessage());
      }
      usingCopy(file.path(), inPrimary.getMessage());
    }
  }

  @Override
  public void writeAtomically(String path, byte[] content) throws IOException {
    primary.writeAtomically(path, content);
    copy.writeAtomically(path, content);
  }

  @Override
  public byte[] readFully(String path) throws IOException {
    return readFully(path, bytes -> true);
  }

  @Override
  public byte[] readFully(String path, Predicate<byte[]> intact) throws IOException {
    String why;
    try {
      byte[] bytes = primary.readFully(path);
      if (bytes != null && intact.test(bytes)) {
        return bytes;
      }
      why = bytes == null ? "it is missing" : "it cannot be decoded";
    } catch (IOException e) {
      why = e.getMessage();
    }
    byte[] copied = copy.readFully(path);
    if (copied != null && intact.test(copied)) {
      usingCopy(path, why);
      return copied;
    }
    return copied != null ? copied : primary.readFully(path); // neither intact: the caller reports what it finds
  }

  private void usingCopy(String path, String why) {
    String note = path + " in " + primary.uri() + " is unusable (" + why + "); using its copy in " + copy.uri();
    log.warn("checkpoint file {}", note);
    copyUsed.accept(note);
  }

  @Override
  public List<String> list(String folder) throws IOException {
    TreeSet<String> names = new TreeSet<>(primary.list(folder));
    names.addAll(copy.list(folder));
    return List.copyOf(names);
  }

  @Override
  public void deleteRecursively(String folder) throws IOException {
    both(s -> s.deleteRecursively(folder));
  }

  @Override
  public void delete(String path) throws IOException {
    both(s -> s.delete(path));
  }

  private interface StorageAction {
    void apply(CheckpointStorage storage) throws IOException;
  }

  /** Applies {@code action} to both copies, even when the first fails; then throws the first failure. */
  private void both(StorageAction action) throws IOException {
    IOException failure = null;
    for (CheckpointStorage s : List.of(primary, copy)) {
      try {
        action.apply(s);
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Writes every byte to two streams. Closing it closes neither (their storages do). */
  private static final class TeeOutputStream extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    TeeOutputStream(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }
}
