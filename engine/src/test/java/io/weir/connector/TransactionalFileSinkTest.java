package io.weir.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionalFileSinkTest {
  @TempDir
  Path tmp;

  private Path out() {
    return tmp.resolve("out");
  }

  private SinkWriter<String> writer(int subtask, int parallelism, int attempt) throws Exception {
    return new TransactionalFileSink<String>(out(), LineFormat.toStringFormat())
        .createWriter(new TestSinkContext(subtask, parallelism, attempt));
  }

  /** The lines of every committed (visible) file, in file-name order. */
  private List<String> committedLines() throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path f : TransactionalFileSink.committedFiles(out())) {
      lines.addAll(Files.readAllLines(f));
    }
    return lines;
  }

  private List<String> hiddenFiles() throws IOException {
    try (Stream<Path> files = Files.list(out())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
    }
  }

  private static void writeAll(SinkWriter<String> w, String... records) throws Exception {
    for (String r : records) {
      w.write(r);
    }
  }

  @Test
  void nothingIsVisibleBeforeTheCheckpointCompletesAndEverythingAfter() throws Exception {
    SinkWriter<String> w = writer(0, 1, 0);
    writeAll(w, "a", "b");
    assertThat(TransactionalFileSink.committedFiles(out())).isEmpty();

    List<Object> state = w.snapshot(1);
    writeAll(w, "c");
    assertThat(state).hasSize(1);
    assertThat(TransactionalFileSink.committedFiles(out())).as("pre-committed is not committed").isEmpty();

    w.checkpointComplete(1);

    assertThat(committedLines()).containsExactly("a", "b");
    assertThat(hiddenFiles()).as("only the file of records after the barrier is still in progress").hasSize(1);
    w.snapshot(2);
    w.checkpointComplete(2);
    assertThat(committedLines()).containsExactly("a", "b", "c");
    assertThat(hiddenFiles()).isEmpty();
    w.close();
  }

  @Test
  void completionOfALaterCheckpointCommitsEarlierPreCommittedFilesToo() throws Exception {
    SinkWriter<String> w = writer(0, 1, 0);
    writeAll(w, "a");
    w.snapshot(1);
    writeAll(w, "b");
    List<Object> second = w.snapshot(2);
    assertThat(second).as("checkpoint 2 keeps both uncommitted files").hasSize(2);

    w.checkpointComplete(2);

    assertThat(committedLines()).containsExactlyInAnyOrder("a", "b");
    w.close();
  }

  @Test
  void abortedCheckpointCommitsNothing() throws Exception {
    SinkWriter<String> w = writer(0, 1, 0);
    writeAll(w, "a");
    w.snapshot(1);

    w.checkpointAborted(1);

    assertThat(TransactionalFileSink.committedFiles(out())).isEmpty();
    w.close();
  }

  @Test
  void restoreCommitsThePreCommittedFilesOfItsShareAndDeletesItsOtherHiddenFiles() throws Exception {
    SinkWriter<String> first0 = writer(0, 2, 0);
    SinkWriter<String> first1 = writer(1, 2, 0);
    writeAll(first0, "0-a");
    writeAll(first1, "1-a");
    List<Object> checkpointed = new ArrayList<>(first0.snapshot(1));
    checkpointed.addAll(first1.snapshot(1));
    writeAll(first0, "0-after-checkpoint");
    writeAll(first1, "1-after-checkpoint");
    // the job fails before checkpoint 1's completion reaches the writers

    SinkWriter<String> second0 = writer(0, 2, 1);
    second0.restore(checkpointed);

    assertThat(committedLines()).containsExactly("0-a");
    assertThat(hiddenFiles()).as("subtask 1's files are subtask 1's business").hasSize(2)
        .allSatisfy(n -> assertThat(n).startsWith(".part-1-"));

    SinkWriter<String> second1 = writer(1, 2, 1);
    second1.restore(checkpointed);

    assertThat(committedLines()).containsExactly("0-a", "1-a");
    assertThat(hiddenFiles()).isEmpty();
    for (SinkWriter<String> w : List.of(first0, first1, second0, second1)) {
      w.close();
    }
  }

  @Test
  void restoreAtLowerParallelismCommitsTheFilesOfEveryOldSubtaskItTakesOver() throws Exception {
    List<Object> checkpointed = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      SinkWriter<String> w = writer(s, 3, 0);
      writeAll(w, "from " + s);
      checkpointed.addAll(w.snapshot(4));
      writeAll(w, "lost " + s);
      w.close();
    }

    writer(0, 1, 1).restore(checkpointed);

    assertThat(committedLines()).containsExactlyInAnyOrder("from 0", "from 1", "from 2");
    assertThat(hiddenFiles()).isEmpty();
  }

  @Test
  void committingTwiceIsHarmless() throws Exception {
    SinkWriter<String> w = writer(0, 1, 0);
    writeAll(w, "a", "b");
    List<Object> checkpointed = w.snapshot(1);
    w.checkpointComplete(1);
    w.close();

    writer(0, 1, 1).restore(checkpointed);
    writer(0, 1, 2).restore(checkpointed);

    assertThat(committedLines()).containsExactly("a", "b");
    assertThat(TransactionalFileSink.committedFiles(out())).hasSize(1);
  }

  @Test
  void missingPreCommittedFileIsAClearError() throws Exception {
    SinkWriter<String> w = writer(0, 1, 0);
    writeAll(w, "a");
    List<Object> checkpointed = w.snapshot(7);
    w.close();
    String hidden = ((TransactionalFileSink.PendingFile) checkpointed.get(0)).hidden();
    Files.delete(out().resolve(hidden));

    assertThatThrownBy(() -> writer(0, 1, 1).restore(checkpointed))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(hidden)
        .hasMessageContaining("checkpoint 7")
        .hasMessageContaining("missing");
  }

  @Test
  void filesOfDifferentAttemptsNeverCollide() throws Exception {
    SinkWriter<String> a0 = writer(0, 1, 0);
    writeAll(a0, "attempt 0");
    List<Object> checkpointed = a0.snapshot(1);
    a0.close();
    SinkWriter<String> a1 = writer(0, 1, 1);
    a1.restore(checkpointed);

    writeAll(a1, "attempt 1");
    a1.snapshot(1);
    a1.checkpointComplete(1);

    assertThat(committedLines()).containsExactlyInAnyOrder("attempt 0", "attempt 1");
    a1.close();
  }
}
