package io.weir.connector;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lines of a UTF-8 text file, read in byte ranges (splits) so subtasks share a large file. A
 * line belongs to the split its first byte is in. A split's checkpointed position is the byte
 * offset of its next line, so a restored job reads on from exactly there.
 */
public final class FileLinesSource implements Source<String> {
  private static final long DEFAULT_SPLIT_BYTES = 8L << 20;

  /** Bytes {@code position..end} of the file; {@code atLineStart} is false until the first line break after a split's start is found. */
  public record FileSplit(int index, String path, long position, long end, boolean atLineStart) implements SourceSplit {
  }

  private final Path path;
  private final long splitBytes;

  public FileLinesSource(Path path) {
    this(path, DEFAULT_SPLIT_BYTES);
  }

  public FileLinesSource(Path path, long splitBytes) {
    this.path = path.toAbsolutePath();
    this.splitBytes = splitBytes;
  }

  @Override
  public List<SourceSplit> splits() throws IOException {
    long size;
    try {
      size = Files.size(path);
    } catch (NoSuchFileException e) {
      throw new IOException("input file " + path + " does not exist");
    }
    List<SourceSplit> splits = new ArrayList<>();
    long start = 0;
    int index = 0;
    do {
      long end = Math.min(size, start + splitBytes);
      splits.add(new FileSplit(index++, path.toString(), start, end, start == 0));
      start = end;
    } while (start < size);
    return splits;
  }

  @Override
  public SourceReader<String> createReader(SourceContext context) {
    return new Reader();
  }

  private static final class Reader implements SourceReader<String> {
    private final List<FileSplit> splits = new ArrayList<>();
    private int current;
    private RandomAccessFile file;
    private final byte[] buffer = new byte[1 << 16];
    private int bufferPos;
    private int bufferLen;
    private long bufferOffset;
    private long position;
    private byte[] line = new byte[256];

    @Override
    public void addSplits(List<SourceSplit> added) {
      for (SourceSplit s : added) {
        splits.add((FileSplit) s);
      }
    }

    @Override
    public Status poll(SourceOutput<String> output) throws IOException {
      while (output.wantsMore()) {
        if (current >= splits.size()) {
          return Status.END_OF_INPUT;
        }
        FileSplit split = splits.get(current);
        if (file == null) {
          open(split);
        }
        if (position >= split.end()) {
          finishSplit();
          continue;
        }
        String l = readLine();
        if (l == null) {
          finishSplit();
          continue;
        }
        output.emit(l);
      }
      return Status.MORE_AVAILABLE;
    }

    private void open(FileSplit split) throws IOException {
      try {
        file = new RandomAccessFile(split.path(), "r");
      } catch (java.io.FileNotFoundException e) {
        throw new IOException("input file " + split.path() + " cannot be opened: " + e.getMessage());
      }
      position = split.position();
      bufferOffset = position;
      bufferPos = 0;
      bufferLen = 0;
      file.seek(position);
      if (!split.atLineStart()) {
        // the line under way at our start belongs to the previous split
        long lineStart = position - 1;
        seekTo(lineStart);
        readLine();
        splits.set(current, new FileSplit(split.index(), split.path(), position, split.end(), true));
      }
    }

    private void seekTo(long offset) throws IOException {
      file.seek(offset);
      position = offset;
      bufferOffset = offset;
      bufferPos = 0;
      bufferLen = 0;
    }

    private void finishSplit() throws IOException {
      FileSplit split = splits.get(current);
      splits.set(current, new FileSplit(split.index(), split.path(), split.end(), split.end(), true));
      closeFile();
      current++;
    }

    /** The next line without its line break, or null at the end of the file. */
    private String readLine() throws IOException {
      int len = 0;
      boolean any = false;
      while (true) {
        if (bufferPos == bufferLen) {
          bufferOffset += bufferLen;
          bufferLen = file.read(buffer);
          bufferPos = 0;
          if (bufferLen <= 0) {
            bufferLen = 0;
            if (!any) {
              return null;
            }
            break;
          }
        }
        byte b = buffer[bufferPos++];
        position++;
        any = true;
        if (b == '\n') {
          break;
        }
        if (len == line.length) {
          line = Arrays.copyOf(line, len * 2);
        }
        line[len++] = b;
      }
      if (len > 0 && line[len - 1] == '\r') {
        len--;
      }
      return new String(line, 0, len, StandardCharsets.UTF_8);
    }

    @Override
    public List<SourceSplit> snapshot() {
      List<SourceSplit> result = new ArrayList<>();
      for (int i = 0; i < splits.size(); i++) {
        FileSplit s = splits.get(i);
        result.add(i == current && file != null ? new FileSplit(s.index(), s.path(), position, s.end(), true) : s);
      }
      return result;
    }

    @Override
    public String position() {
      if (current >= splits.size()) {
        return "at the end of its splits";
      }
      return "in " + splits.get(current).path() + " at byte " + position;
    }

    private void closeFile() throws IOException {
      if (file != null) {
        file.close();
        file = null;
      }
    }

    @Override
    public void close() throws IOException {
      closeFile();
    }
  }
}
