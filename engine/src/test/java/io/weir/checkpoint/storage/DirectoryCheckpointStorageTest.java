package io.weir.checkpoint.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryCheckpointStorageTest extends CheckpointStorageContract {
  @TempDir
  Path tmp;

  private DirectoryCheckpointStorage storage;

  @BeforeEach
  void setUp() {
    storage = new DirectoryCheckpointStorage(tmp.resolve("checkpoints"));
  }

  @Override
  boolean maps() {
    return true;
  }

  @Override
  CheckpointStorage storage() {
    return storage;
  }

  private Path fileOf(StateFile file) {
    return tmp.resolve("checkpoints").resolve(file.path());
  }

  @Override
  void flipByte(StateFile file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(fileOf(file).toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x01);
    }
  }

  @Override
  void truncate(StateFile file, long length) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(fileOf(file).toFile(), "rw")) {
      f.setLength(length);
    }
  }

  @Override
  void append(StateFile file) throws IOException {
    Files.write(fileOf(file), new byte[] {42}, StandardOpenOption.APPEND);
  }

  @Test
  void filesLiveUnderTheRootAtTheirPathAndTheUriNamesTheRoot() throws IOException {
    write("job/chk-1/a", new byte[] {1, 2, 3});

    assertThat(tmp.resolve("checkpoints/job/chk-1/a")).hasBinaryContent(new byte[] {1, 2, 3});
    assertThat(storage.uri()).isEqualTo("directory:" + tmp.resolve("checkpoints").toAbsolutePath().normalize());
  }

  @Test
  void writeAtomicallyLeavesNoTemporaryFileBehind() throws IOException {
    storage.writeAtomically("job/chk-1/_metadata", new byte[] {1});

    assertThat(tmp.resolve("checkpoints/job/chk-1")).isDirectoryContaining(p -> p.getFileName().toString().equals("_metadata"))
        .isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("."));
  }

  @Test
  void pathsThatLeaveTheRootAreRefused() {
    assertThatThrownBy(() -> storage.readFully("../outside")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../outside");
  }
}
