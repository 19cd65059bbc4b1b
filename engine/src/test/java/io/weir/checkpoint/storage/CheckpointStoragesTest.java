package io.weir.checkpoint.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.weir.cluster.ClusterMaps;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoragesTest {
  private static Vertx vertx;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() throws Exception {
    ClusterMaps.uninstall(vertx);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void directoryUriAndBarePathOpenTheSameDirectory() throws Exception {
    CheckpointStorage byUri = CheckpointStorages.open("directory:" + tmp, vertx);
    CheckpointStorage byPath = CheckpointStorages.open(tmp.toString(), vertx);

    StateFile file = byUri.write("job/chk-1/a", out -> out.write(new byte[] {7, 8}));

    assertThat(byUri).isInstanceOf(DirectoryCheckpointStorage.class);
    assertThat(byPath.uri()).isEqualTo(byUri.uri());
    assertThat(CheckpointStorageContract.readAll(byPath, file)).containsExactly(7, 8);
  }

  @Test
  void imapUriOpensTheNamedMapOfTheVertxInstancesClusterMaps() throws Exception {
    CheckpointStorage a = CheckpointStorages.open("imap:weir.test-checkpoints", vertx);
    CheckpointStorage b = CheckpointStorages.open("imap:weir.test-checkpoints", vertx);

    StateFile file = a.write("job/chk-1/a", out -> out.write(new byte[] {1, 2, 3}));

    assertThat(a).isInstanceOf(ClusterMapCheckpointStorage.class);
    assertThat(a.uri()).isEqualTo("imap:weir.test-checkpoints");
    assertThat(CheckpointStorageContract.readAll(b, file)).containsExactly(1, 2, 3);
    assertThat(ClusterMaps.of(vertx).keys("weir.test-checkpoints", "job/")).isNotEmpty();
  }

  @Test
  void directoryUriWithoutAPathIsRefused() {
    assertThatThrownBy(() -> CheckpointStorages.open("directory:", vertx)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("directory:");
  }

  @Test
  void uriForChoosesTheStorageTheSettingsName() {
    assertThat(CheckpointStorages.uriFor("imap", "ignored")).isEqualTo("imap:" + CheckpointStorages.DEFAULT_MAP);
    assertThat(CheckpointStorages.uriFor("directory", tmp.resolve("x/../cp").toString()))
        .isEqualTo("directory:" + tmp.resolve("cp").toAbsolutePath());
  }
}
