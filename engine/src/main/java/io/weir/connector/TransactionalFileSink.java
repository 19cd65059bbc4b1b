package io.weir.connector;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Exactly-once files by two-phase commit. Records go to a hidden in-progress file (its name starts
 * with a dot, so readers of the directory never see it); when a checkpoint's barrier passes, the
 * file is flushed to disk and pre-committed (kept in the checkpoint's state); when the checkpoint
 * completes it is committed by an atomic rename to its visible name. After a restart the writer
 * commits what the restored checkpoint had pre-committed (idempotently) and deletes every other
 * hidden file of its subtasks. Checkpointing must be on: without a checkpoint nothing is committed,
 * except by the final checkpoint of a bounded job.
 */
public final class TransactionalFileSink<T> implements Sink<T> {
  private static final Pattern HIDDEN = Pattern.compile("\\.part-(\\d+)-.*");

  /** A pre-committed file: committed by renaming {@code hidden} to {@code visible} once checkpoint {@code checkpointId} completes. */
  public record PendingFile(int subtask, long checkpointId, String hidden, String visible) {
  }

  private final Path dir;
  private final LineFormat<T> format;

  public TransactionalFileSink(Path dir, LineFormat<T> format) {
    this.dir = dir.toAbsolutePath();
    this.format = format;
  }

  @Override
  public List<Path> outputPaths() {
    return List.of(dir);
  }

  @Override
  public SinkWriter<T> createWriter(SinkContext context) throws IOException {
    OutputDirectory.create(dir);
    return new Writer(context);
  }

  @Override
  public Guarantee guarantee() {
    return Guarantee.EXACTLY_ONCE;
  }

  /** Lists the visible (committed) files of a sink directory. */
  public static List<Path> committedFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  private final class Writer implements SinkWriter<T> {
    private final SinkContext context;
    private final List<PendingFile> pending = new ArrayList<>();
    private int fileCounter;
    private String currentName;
    private FileOutputStream currentStream;
    private BufferedWriter current;
    private long linesInCurrent;

    Writer(SinkContext context) {
      this.context = context;
    }

    @Override
    public void write(T record) throws IOException {
      if (current == null) {
        currentName = ".part-" + context.subtaskIndex() + "-a" + context.attemptNumber() + "-" + fileCounter++ + ".inprogress";
        currentStream = new FileOutputStream(dir.resolve(currentName).toFile());
        current = new BufferedWriter(new OutputStreamWriter(currentStream, StandardCharsets.UTF_8), 1 << 16);
      }
      current.write(format.format(record));
      current.write('\n');
      linesInCurrent++;
    }

    @Override
    public List<Object> snapshot(long checkpointId) throws IOException {
      if (current != null) {
        current.flush();
        currentStream.getFD().sync();
        current.close();
        String visible = "part-" + context.subtaskIndex() + "-c" + checkpointId + "-a" + context.attemptNumber() + "-"
            + (fileCounter - 1) + ".txt";
        pending.add(new PendingFile(context.subtaskIndex(), checkpointId, currentName, visible));
        current = null;
        currentStream = null;
        linesInCurrent = 0;
      }
      return new ArrayList<>(pending);
    }

    @Override
    public void checkpointComplete(long checkpointId) throws IOException {
      Iterator<PendingFile> it = pending.iterator();
      while (it.hasNext()) {
        PendingFile p = it.next();
        if (p.checkpointId() <= checkpointId) {
          commit(p);
          it.remove();
        }
      }
    }

    @Override
    public void restore(List<Object> states) throws IOException {
      int parallelism = context.parallelism();
      int me = context.subtaskIndex();
      for (Object o : states) {
        PendingFile p = (PendingFile) o;
        if (Math.floorMod(p.subtask(), parallelism) == me) {
          commit(p);
        }
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Matcher m = HIDDEN.matcher(f.getFileName().toString());
          if (m.matches() && Math.floorMod(Integer.parseInt(m.group(1)), parallelism) == me) {
            Files.deleteIfExists(f);
          }
        }
      }
    }

    private void commit(PendingFile p) throws IOException {
      Path hidden = dir.resolve(p.hidden());
      Path visible = dir.resolve(p.visible());
      if (Files.exists(hidden)) {
        try {
          Files.move(hidden, visible, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          throw new IOException("the output directory " + dir + " does not support atomic renames", e);
        }
      } else if (!Files.exists(visible)) {
        throw new IOException("pre-committed file " + hidden + " of checkpoint " + p.checkpointId()
            + " is missing (deleted by hand?): its records are lost");
      }
    }

    @Override
    public void close() throws IOException {
      if (current != null) {
        current.close();
        current = null;
      }
    }
  }
}
