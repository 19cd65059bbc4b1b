package io.weir.checkpoint.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * What every checkpoint storage promises: files read back as written, and a file that is not the
 * one written (a flipped byte, cut short, missing) is refused with an error naming it. Each storage
 * has a subclass that says how to damage one of its files.
 */
abstract class CheckpointStorageContract {

  abstract CheckpointStorage storage();

  /** Flips one bit of the byte at {@code offset} of the stored file. */
  abstract void flipByte(StateFile file, long offset) throws IOException;

  /** Cuts the stored file to {@code length} bytes. */
  abstract void truncate(StateFile file, long length) throws IOException;

  /** Appends a byte to the stored file. */
  abstract void append(StateFile file) throws IOException;

  /** Whether the storage maps its files into memory ({@link CheckpointStorage#map}). */
  abstract boolean maps();

  static byte[] bytesOf(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static long crc32c(byte[] b) {
    CRC32C crc = new CRC32C();
    crc.update(b);
    return crc.getValue();
  }

  static byte[] readAll(CheckpointStorage storage, StateFile file) throws IOException {
    try (InputStream in = storage.open(file)) {
      return in.readAllBytes();
    }
  }

  StateFile write(String path, byte[] content) throws IOException {
    return storage().write(path, out -> out.write(content));
  }

  @Test
  void writtenFileReadsBackVerifiedWithItsSizeAndChecksumRecorded() throws IOException {
    byte[] content = randomBytes(70_000, 1);

    StateFile file = write("job/chk-1/0-0-a0-keyed.state", content);

    assertThat(file.path()).isEqualTo("job/chk-1/0-0-a0-keyed.state");
    assertThat(file.size()).isEqualTo(content.length);
    assertThat(file.checksum()).isEqualTo(crc32c(content));
    assertThat(readAll(storage(), file)).isEqualTo(content);
  }

  @Test
  void byteByByteReadingAlsoVerifies() throws IOException {
    byte[] content = randomBytes(300, 2);
    StateFile file = write("job/chk-1/small", content);
    flipByte(file, 299);

    assertThatThrownBy(() -> {
      try (InputStream in = storage().open(file)) {
        while (in.read() >= 0) {
          // read to the end one byte at a time
        }
      }
    }).isInstanceOf(CorruptCheckpointException.class).hasMessageContaining("job/chk-1/small");
  }

  @Test
  void aMappedFileHoldsTheBytesWrittenOrTheStorageDeclinesToMap() throws IOException {
    byte[] content = randomBytes(70_000, 7);
    StateFile file = write("job/chk-4/mapped", content);

    Optional<ByteBuffer> mapped = storage().map(file);

    assertThat(mapped.isPresent()).isEqualTo(maps());
    if (maps()) {
      assertThat(bytesOf(mapped.get())).isEqualTo(content);
    }
  }

  @Test
  void aFlippedOrTruncatedFileIsRefusedWhenMappedAsWhenRead() throws IOException {
    StateFile flipped = write("job/chk-4/flipped", randomBytes(5_000, 8));
    flipByte(flipped, 4_321);
    StateFile cut = write("job/chk-4/cut", randomBytes(5_000, 9));
    truncate(cut, 100);

    if (maps()) {
      assertThatThrownBy(() -> storage().map(flipped)).isInstanceOf(CorruptCheckpointException.class)
          .hasMessageContaining("job/chk-4/flipped").hasMessageContaining("checksum");
      assertThatThrownBy(() -> storage().map(cut)).isInstanceOf(CorruptCheckpointException.class)
          .hasMessageContaining("job/chk-4/cut").hasMessageContaining("partial");
    } else {
      assertThat(storage().map(flipped)).isEmpty();
      assertThat(storage().map(cut)).isEmpty();
    }
  }

  @Test
  void emptyFileRoundTrips() throws IOException {
    StateFile file = write("job/chk-1/empty", new byte[0]);

    assertThat(readAll(storage(), file)).isEmpty();
    storage().checkPresent(file);
  }

  @Test
  void flippedByteRaisesCorruptCheckpointExceptionNamingTheFile() throws IOException {
    StateFile file = write("job/chk-3/1-1-a0-keyed.state", randomBytes(5_000, 3));
    flipByte(file, 1_234);

    assertThatThrownBy(() -> readAll(storage(), file))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("job/chk-3/1-1-a0-keyed.state")
        .hasMessageContaining("checksum");
  }

  @Test
  void truncatedFileRaisesCorruptCheckpointExceptionNamingTheFile() throws IOException {
    StateFile file = write("job/chk-3/1-1-a0-keyed.state", randomBytes(5_000, 4));
    truncate(file, 4_000);

    assertThatThrownBy(() -> readAll(storage(), file))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("job/chk-3/1-1-a0-keyed.state")
        .hasMessageContaining("partial");
    assertThatThrownBy(() -> storage().checkPresent(file))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("job/chk-3/1-1-a0-keyed.state");
  }

  @Test
  void fileLongerThanRecordedIsRefused() throws IOException {
    StateFile file = write("job/chk-3/longer", randomBytes(100, 5));
    append(file);

    assertThatThrownBy(() -> readAll(storage(), file))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("job/chk-3/longer");
  }

  @Test
  void missingFileIsRefusedNamingIt() throws IOException {
    StateFile file = write("job/chk-4/gone", randomBytes(100, 6));
    storage().delete(file.path());

    assertThatThrownBy(() -> readAll(storage(), file))
        .isInstanceOf(CorruptCheckpointException.class).hasMessageContaining("job/chk-4/gone");
    assertThatThrownBy(() -> storage().checkPresent(file))
        .isInstanceOf(CorruptCheckpointException.class).hasMessageContaining("job/chk-4/gone");
    if (maps()) {
      assertThatThrownBy(() -> storage().map(file))
          .isInstanceOf(CorruptCheckpointException.class).hasMessageContaining("job/chk-4/gone");
    }
  }

  @Test
  void readerThatStopsEarlyIsVerifiedOnClose() throws IOException {
    StateFile file = write("job/chk-5/x", randomBytes(10_000, 7));
    flipByte(file, 9_000);

    InputStream in = storage().open(file);
    assertThat(in.readNBytes(100)).hasSize(100);
    assertThatThrownBy(in::close).isInstanceOf(CorruptCheckpointException.class).hasMessageContaining("job/chk-5/x");
  }

  @Test
  void checkPresentAcceptsAnIntactFile() throws IOException {
    StateFile file = write("job/chk-6/ok", randomBytes(2_000, 8));

    storage().checkPresent(file);
  }

  @Test
  void writeAtomicallyThenReadFullyReturnsTheContentAndAnOverwriteReplacesIt() throws IOException {
    storage().writeAtomically("job/chk-1/_metadata", "first".getBytes(StandardCharsets.UTF_8));
    storage().writeAtomically("job/chk-1/_metadata", "second".getBytes(StandardCharsets.UTF_8));

    assertThat(storage().readFully("job/chk-1/_metadata")).asString(StandardCharsets.UTF_8).isEqualTo("second");
    assertThat(storage().list("job/chk-1")).containsExactly("_metadata");
  }

  @Test
  void readFullyOfAMissingFileIsNull() throws IOException {
    assertThat(storage().readFully("job/chk-9/_metadata")).isNull();
  }

  @Test
  void listNamesTheEntriesDirectlyUnderAFolder() throws IOException {
    write("job/chk-1/a", randomBytes(10, 9));
    write("job/chk-1/b", randomBytes(2 * 1024 * 1024 + 3, 10));
    write("job/chk-1/sub/c", randomBytes(10, 11));
    storage().writeAtomically("job/chk-1/_metadata", new byte[] {1});
    write("job/chk-2/d", randomBytes(10, 12));

    assertThat(storage().list("job/chk-1")).containsExactlyInAnyOrder("a", "b", "sub", "_metadata");
    assertThat(storage().list("job")).containsExactlyInAnyOrder("chk-1", "chk-2");
    assertThat(storage().list("")).containsExactly("job");
    assertThat(storage().list("nothing-here")).isEmpty();
  }

  @Test
  void deleteRecursivelyRemovesAFolderAndEverythingUnderItOnly() throws IOException {
    write("job/chk-1/a", randomBytes(10, 13));
    write("job/chk-1/sub/b", randomBytes(10, 14));
    storage().writeAtomically("job/chk-1/_metadata", new byte[] {1});
    StateFile sibling = write("job/chk-10/a", randomBytes(10, 15));

    storage().deleteRecursively("job/chk-1");
    storage().deleteRecursively("job/chk-77");

    assertThat(storage().list("job")).containsExactly("chk-10");
    assertThat(storage().readFully("job/chk-1/_metadata")).isNull();
    assertThat(readAll(storage(), sibling)).hasSize(10);
  }

  @Test
  void deleteRecursivelyOfTheRootEmptiesTheStorage() throws IOException {
    write("job/chk-1/a", randomBytes(10, 16));
    write("other/chk-1/b", randomBytes(10, 17));

    storage().deleteRecursively("");

    assertThat(storage().list("")).isEmpty();
  }

  @Test
  void deleteRemovesOneFile() throws IOException {
    StateFile a = write("job/shared/a", randomBytes(10, 18));
    write("job/shared/ab", randomBytes(10, 19));

    storage().delete(a.path());
    storage().delete("job/shared/never-written");

    assertThat(storage().list("job/shared")).containsExactly("ab");
  }
}
