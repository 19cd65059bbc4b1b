package io.weir.checkpoint.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StorageUriTest {
  @Test
  void theTextFormReadsBackAsTheSameStorage() {
    StorageUri dir = StorageUri.directory(Path.of("/data/checkpoints"));
    StorageUri map = StorageUri.imap("weir.checkpoints");

    assertThat(dir.format()).isEqualTo("directory:/data/checkpoints");
    assertThat(map.format()).isEqualTo("imap:weir.checkpoints");
    assertThat(StorageUri.parse(dir.format())).isEqualTo(dir);
    assertThat(StorageUri.parse(map.format())).isEqualTo(map);
  }

  @Test
  void aBarePathIsADirectory() {
    StorageUri uri = StorageUri.parse("/tmp/savepoints/savepoint-job-3");

    assertThat(uri.kind()).isEqualTo(StorageUri.Kind.DIRECTORY);
    assertThat(uri.directory()).isEqualTo(Path.of("/tmp/savepoints/savepoint-job-3"));
  }

  @Test
  void aUriThatNamesNothingIsRefusedNamingIt() {
    assertThatThrownBy(() -> StorageUri.parse("directory:")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'directory:'").hasMessageContaining("names no directory");
    assertThatThrownBy(() -> StorageUri.parse("imap:")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'imap:'").hasMessageContaining("names no map");
    assertThatThrownBy(() -> StorageUri.parse("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyADirectoryStorageHasADirectory() {
    assertThatThrownBy(() -> StorageUri.imap("m").directory()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("imap:m").hasMessageContaining("not a directory");
  }

  @Test
  void aStorageWithACopyRoundTripsThroughItsTextFormAndTheSingleFormsStayAsTheyWere() {
    StorageUri mirrored = StorageUri.directory(Path.of("/disk1/cp")).withCopy(StorageUri.imap("weir.checkpoints"));

    assertThat(mirrored.format()).isEqualTo("directory:/disk1/cp;copy=imap:weir.checkpoints");
    assertThat(StorageUri.parse(mirrored.format())).isEqualTo(mirrored);
    assertThat(mirrored.primary().format()).isEqualTo("directory:/disk1/cp");
    assertThat(StorageUri.parse("directory:/disk1/cp").copy()).isNull();
  }

  @Test
  void aStorageCannotBeItsOwnCopy() {
    assertThatThrownBy(() -> StorageUri.parse("imap:m;copy=imap:m")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("imap:m").hasMessageContaining("its own copy");
  }
}
