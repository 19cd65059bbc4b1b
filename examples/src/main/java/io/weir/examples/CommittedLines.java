package io.weir.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads the committed (visible) files of a sink's output directory line by line; hidden in-progress files are skipped. */
final class CommittedLines {
  private CommittedLines() {
  }

  /** Receives each line with the name of its file. */
  interface LineConsumer {
    void accept(String file, String line);
  }

  static void forEach(Path dir, LineConsumer consumer) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir + " (the output directory does not exist)");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> !p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)).sorted().toList();
    }
    for (Path f : files) {
      try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        String line;
        while ((line = in.readLine()) != null) {
          consumer.accept(f.getFileName().toString(), line);
        }
      }
    }
  }
}
