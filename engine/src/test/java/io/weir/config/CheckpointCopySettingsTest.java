package io.weir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import io.weir.checkpoint.storage.CheckpointStorages;
import org.junit.jupiter.api.Test;

/** {@code checkpoint.copy} and {@code checkpoint.allow-fallback}: off by default, checked when given. */
class CheckpointCopySettingsTest {
  private static WeirConfig with(JsonObject checkpoint) {
    return WeirConfig.defaults().with(new JsonObject().put("checkpoint", checkpoint), "job settings");
  }

  @Test
  void byDefaultThereIsNoCopyAndNoFallbackThatCouldRepeatOutput() {
    Settings.Checkpoint c = WeirConfig.defaults().checkpoint();

    assertThat(c.copy().enabled()).isFalse();
    assertThat(c.allowFallback()).isFalse();
    assertThat(CheckpointStorages.locationFor(c).copy()).isNull();
  }

  @Test
  void aDirectoryCopyMakesTheStorageAPairAndItsPathIsResolved() {
    WeirConfig config = with(new JsonObject().put("dir", "/disk1/cp")
        .put("copy", new JsonObject().put("storage", "directory").put("dir", "${java.io.tmpdir}/weir-${cluster}/copy"))
        .put("allow-fallback", true)).resolvePaths("c1");

    Settings.Checkpoint c = config.checkpoint();
    assertThat(c.allowFallback()).isTrue();
    assertThat(c.copy().dir()).endsWith("/weir-c1/copy").doesNotContain("${");
    assertThat(CheckpointStorages.locationFor(c).format()).isEqualTo("directory:/disk1/cp;copy=directory:" + c.copy().dir());
  }

  @Test
  void anImapCopyOfADirectoryUsesTheCheckpointMap() {
    Settings.Checkpoint c = with(new JsonObject().put("dir", "/disk1/cp")
        .put("copy", new JsonObject().put("storage", "imap"))).checkpoint();

    assertThat(CheckpointStorages.locationFor(c).format())
        .isEqualTo("directory:/disk1/cp;copy=imap:" + CheckpointStorages.DEFAULT_MAP);
  }

  @Test
  void aCopyInTheSamePlaceOrWithoutADirectoryIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> with(new JsonObject().put("dir", "/disk1/cp")
        .put("copy", new JsonObject().put("storage", "directory").put("dir", "/disk1/./cp"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("checkpoint.copy").hasMessageContaining("same storage");
    assertThatThrownBy(() -> with(new JsonObject().put("copy", new JsonObject().put("storage", "directory"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("checkpoint.copy.dir");
    assertThatThrownBy(() -> with(new JsonObject().put("storage", "imap").put("copy", new JsonObject().put("storage", "imap"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("same storage");
    assertThatThrownBy(() -> with(new JsonObject().put("copy", new JsonObject().put("storage", "s3"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("checkpoint.copy.storage");
  }
}
