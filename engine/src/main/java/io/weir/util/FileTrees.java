package io.weir.util;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deleting a directory and everything under it (local state, checkpoint folders, task directories). */
public final class FileTrees {
  private static final Logger log = LoggerFactory.getLogger(FileTrees.class);

  private FileTrees() {
  }

  /** Deletes {@code dir} and everything under it; nothing when it does not exist, or when parts vanish meanwhile. */
  public static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
          if (exc instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw exc;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException e) {
      // deleted concurrently
    }
  }

  /** Like {@link #delete}, but a failure is logged (with the directory) instead of thrown. */
  public static void deleteQuietly(Path dir) {
    try {
      delete(dir);
    } catch (IOException e) {
      log.warn("could not delete directory {}: {}", dir, e.toString());
    }
  }
}
