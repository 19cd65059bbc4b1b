package io.weir.checkpoint.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two directories holding every file: the contract holds when both copies are damaged, and a file
 * damaged or missing in one copy only is read from the other, with a note naming file and copy.
 */
class MirroredCheckpointStorageTest extends CheckpointStorageContract {
  @TempDir
  Path tmp;

  private MirroredCheckpointStorage storage;
  private final List<String> notes = new ArrayList<>();

  @BeforeEach
  void setUp() {
    storage = new MirroredCheckpointStorage(new DirectoryCheckpointStorage(tmp.resolve("primary")),
        new DirectoryCheckpointStorage(tmp.resolve("copy")));
    storage.onCopyUsed(notes::add);
  }

  @Override
  boolean maps() {
    return true;
  }

  @Override
  CheckpointStorage storage() {
    return storage;
  }

  private List<Path> copiesOf(StateFile file) {
    return List.of(tmp.resolve("primary").resolve(file.path()), tmp.resolve("copy").resolve(file.path()));
  }

  @Override
  void flipByte(StateFile file, long offset) throws IOException {
    for (Path p : copiesOf(file)) {
      flip(p, offset);
    }
  }

  private static void flip(Path p, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x01);
    }
  }

  @Override
  void truncate(StateFile file, long length) throws IOException {
    for (Path p : copiesOf(file)) {
      try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
        f.setLength(length);
      }
    }
  }

  @Override
  void append(StateFile file) throws IOException {
    for (Path p : copiesOf(file)) {
      Files.write(p, new byte[] {42}, StandardOpenOption.APPEND);
    }
  }

  @Test
  void everyFileIsWrittenToBothCopiesAndTheUriNamesBoth() throws IOException {
    byte[] content = randomBytes(3_000, 20);
    StateFile file = write("job/chk-1/a", content);
    storage.writeAtomically("job/chk-1/_metadata", new byte[] {7});

    for (Path p : copiesOf(file)) {
      assertThat(p).hasBinaryContent(content);
    }
    assertThat(tmp.resolve("copy/job/chk-1/_metadata")).hasBinaryContent(new byte[] {7});
    StorageUri uri = StorageUri.parse(storage.uri());
    assertThat(uri.directory()).isEqualTo(tmp.resolve("primary").toAbsolutePath());
    assertThat(uri.copy().directory()).isEqualTo(tmp.resolve("copy").toAbsolutePath());
  }

  @Test
  void stateFileCorruptInThePrimaryIsReadFromTheCopyWithANoteNamingBoth() throws IOException {
    byte[] content = randomBytes(5_000, 21);
    StateFile file = write("job/chk-2/1-0-a0-keyed.state", content);
    flip(copiesOf(file).get(0), 2_500);

    assertThat(readAll(storage, file)).isEqualTo(content);
    assertThat(notes).singleElement().asString().contains("job/chk-2/1-0-a0-keyed.state").contains("checksum")
        .contains(storage.primary().uri()).contains("using its copy in " + storage.copy().uri());
  }

  @Test
  void aStateFileCorruptInThePrimaryIsMappedFromTheCopyWithANote() throws IOException {
    byte[] content = randomBytes(5_000, 25);
    StateFile file = write("job/chk-2/1-1-a0-keyed.state", content);
    flip(copiesOf(file).get(0), 100);

    assertThat(bytesOf(storage.map(file).orElseThrow())).isEqualTo(content);
    assertThat(notes).singleElement().asString().contains("job/chk-2/1-1-a0-keyed.state").contains("checksum")
        .contains("using its copy in " + storage.copy().uri());
  }

  @Test
  void stateFileMissingOrShortInThePrimaryIsPresentThroughTheCopy() throws IOException {
    StateFile gone = write("job/chk-2/gone", randomBytes(100, 22));
    StateFile shortened = write("job/chk-2/short", randomBytes(100, 23));
    Files.delete(copiesOf(gone).get(0));
    Files.write(copiesOf(shortened).get(0), new byte[10]);

    storage.checkPresent(gone);
    storage.checkPresent(shortened);
    assertThat(readAll(storage, gone)).hasSize(100);
    assertThat(notes).hasSize(3);
  }

  @Test
  void metadataMissingOrUndecodableInThePrimaryIsReadFromTheCopy() throws IOException {
    byte[] good = "intact".getBytes(StandardCharsets.UTF_8);
    storage.writeAtomically("job/chk-3/_metadata", good);
    Files.write(tmp.resolve("primary/job/chk-3/_metadata"), "garbage".getBytes(StandardCharsets.UTF_8));

    assertThat(storage.readFully("job/chk-3/_metadata", b -> new String(b, StandardCharsets.UTF_8).equals("intact")))
        .isEqualTo(good);
    Files.delete(tmp.resolve("primary/job/chk-3/_metadata"));
    assertThat(storage.readFully("job/chk-3/_metadata")).isEqualTo(good);
    assertThat(notes).hasSize(2).allSatisfy(n -> assertThat(n).contains("job/chk-3/_metadata"));
  }

  @Test
  void aWriteThatFailsInTheCopyFailsTheWrite() throws IOException {
    Files.createDirectories(tmp.resolve("copy/job"));
    Files.writeString(tmp.resolve("copy/job/chk-4"), "a file where the copy needs a folder");

    assertThatThrownBy(() -> write("job/chk-4/a", randomBytes(10, 24))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> storage.writeAtomically("job/chk-4/_metadata", new byte[] {1}))
        .isInstanceOf(IOException.class);
  }

  @Test
  void deletesReachBothCopies() throws IOException {
    StateFile file = write("job/chk-5/a", randomBytes(10, 25));
    write("job/chk-6/b", randomBytes(10, 26));

    storage.delete(file.path());
    storage.deleteRecursively("job/chk-6");

    assertThat(tmp.resolve("primary/job").toFile().list()).containsExactly("chk-5");
    assertThat(tmp.resolve("copy/job").toFile().list()).containsExactly("chk-5");
    assertThat(tmp.resolve("copy/job/chk-5").toFile().list()).isEmpty();
  }
}
