package io.weir.verticles;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.config.Settings;
import io.weir.config.WeirConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerWarmupTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"heap", "rocksdb"})
  void rehearsesADeploymentAndASnapshotRestoreWithTheDefaultBackendThenLeavesNoFiles(String backend) {
    Settings.State defaults = WeirConfig.defaults().state();
    Settings.State state = new Settings.State(backend, backend.equals("rocksdb"), defaults.localDir(), defaults.rocksdb());
    Path scratch = tmp.resolve("warm-up");

    assertThat(WorkerWarmup.run("w-1", state, scratch)).as("the rehearsal ran through").isTrue();
    assertThat(Files.exists(scratch)).as("its files are gone").isFalse();
  }
}
