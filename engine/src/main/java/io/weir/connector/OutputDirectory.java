package io.weir.connector;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Creates a sink's output directory, and says what went wrong in words when it cannot: the JDK's
 * file exceptions carry only the path ("/proc/x"), so the reason is named from their type.
 */
public final class OutputDirectory {
  private OutputDirectory() {
  }

  /** Creates {@code dir} and its parents; fails with "cannot create output directory DIR: WHY". */
  public static void create(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IOException("cannot create output directory " + dir + ": " + reason(e), e);
    }
  }

  /** Why a file operation failed, in the operating system's words where the JDK leaves them out. */
  public static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    if (e instanceof NoSuchFileException) {
      return "No such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    if (e instanceof FileAlreadyExistsException f) {
      return "a file is in the way (" + f.getFile() + ")";
    }
    if (e instanceof NotDirectoryException f) {
      return "not a directory (" + f.getFile() + ")";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
