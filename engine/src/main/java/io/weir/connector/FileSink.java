package io.weir.connector;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends lines to one file per subtask and attempt ({@code part-<subtask>-a<attempt>.txt}),
 * flushed on every checkpoint. At-least-once: after a restart, records since the last checkpoint
 * are written again. Use {@link TransactionalFileSink} for exactly-once files.
 */
public final class FileSink<T> implements Sink<T> {
  private final Path dir;
  private final LineFormat<T> format;

  public FileSink(Path dir, LineFormat<T> format) {
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
    Path file = dir.resolve("part-" + context.subtaskIndex() + "-a" + context.attemptNumber() + ".txt");
    BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return new SinkWriter<>() {
      @Override
      public void write(T record) throws IOException {
        out.write(format.format(record));
        out.write('\n');
      }

      @Override
      public List<Object> snapshot(long checkpointId) throws IOException {
        out.flush();
        return List.of();
      }

      @Override
      public void endOfInput() throws IOException {
        out.flush();
      }

      @Override
      public void close() {
        try {
          out.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  @Override
  public Guarantee guarantee() {
    return Guarantee.AT_LEAST_ONCE;
  }
}
