package io.weir.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {
  @TempDir
  Path tmp;

  @Test
  void snapshotFlushesEverythingWrittenToTheSubtasksFile() throws Exception {
    SinkWriter<Integer> w = new FileSink<Integer>(tmp, LineFormat.toStringFormat()).createWriter(new TestSinkContext(1, 2, 0));
    for (int i = 0; i < 3; i++) {
      w.write(i);
    }

    w.snapshot(1);

    assertThat(Files.readAllLines(tmp.resolve("part-1-a0.txt"))).containsExactly("0", "1", "2");
    w.close();
  }

  @Test
  void aRestartedAttemptWritesItsOwnFileAndNothingWrittenBeforeIsLost() throws Exception {
    FileSink<String> sink = new FileSink<>(tmp, LineFormat.toStringFormat());
    SinkWriter<String> first = sink.createWriter(new TestSinkContext(0, 1, 0));
    first.write("a");
    first.snapshot(1);
    first.write("b");
    first.endOfInput();
    first.close();

    SinkWriter<String> second = sink.createWriter(new TestSinkContext(0, 1, 1));
    second.write("b"); // replayed after the checkpoint: at-least-once
    second.endOfInput();
    second.close();

    assertThat(Files.readAllLines(tmp.resolve("part-0-a0.txt"))).containsExactly("a", "b");
    assertThat(Files.readAllLines(tmp.resolve("part-0-a1.txt"))).containsExactly("b");
  }
}
