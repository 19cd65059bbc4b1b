package io.weir.connector;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirectoryTest {

  @Test
  void aDirectoryThatCannotBeCreatedIsNamedWithTheReason() {
    assertThatThrownBy(() -> OutputDirectory.create(Path.of("/proc/x")))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot create output directory /proc/x: No such file or directory");
  }

  @Test
  void aFileInTheWayIsNamed(@TempDir Path tmp) throws IOException {
    Path file = Files.writeString(tmp.resolve("taken"), "x");

    assertThatThrownBy(() -> OutputDirectory.create(file.resolve("out")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot create output directory " + file.resolve("out") + ": ");
  }

  @Test
  void theTransactionalSinkSaysWhichDirectoryItCannotCreate() {
    var sink = new TransactionalFileSink<String>(Path.of("/proc/x"), s -> s);

    assertThatThrownBy(() -> sink.createWriter(new TestSinkContext(0, 1, 0)))
        .hasMessage("cannot create output directory /proc/x: No such file or directory");
  }
}
