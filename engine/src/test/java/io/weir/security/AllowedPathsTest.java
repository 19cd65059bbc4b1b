package io.weir.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weir.config.ConfigException;
import io.weir.config.WeirConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** security.allowed-paths: what is inside a root, what escapes it, and how the settings are read. */
class AllowedPathsTest {
  @TempDir
  Path dir;

  @Test
  void noRootsAllowEverything() {
    assertThat(new AllowedPaths(List.of()).allows(Path.of("/etc/passwd"))).isTrue();
  }

  @Test
  void pathsUnderARootAreAllowedAndDotDotOrALinkDoNotEscape() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(root.resolve("link"), outside);
    AllowedPaths allowed = new AllowedPaths(List.of(root.toString()));
    assertThat(allowed.allows(root.resolve("a/b/not-yet-created"))).isTrue();
    assertThat(allowed.allows(root)).isTrue();
    assertThat(allowed.allows(root.resolve("../outside/x"))).isFalse();
    assertThat(allowed.allows(root.resolve("link/x"))).as("a symbolic link out of the root").isFalse();
    assertThat(allowed.allows(Path.of(root + "-sibling"))).as("a name that merely starts like the root").isFalse();
    assertThatThrownBy(() -> allowed.require(outside, "sink 'out' writes to"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("sink 'out' writes to " + outside + ", outside security.allowed-paths (" + root
            + "); choose a directory under one of them");
  }

  @Test
  void theSettingsAreAListOfAbsolutePathsAndTheSlotTimeoutADuration() {
    WeirConfig defaults = WeirConfig.defaults();
    assertThat(defaults.security().allowedPaths()).isEmpty();
    assertThat(defaults.security().metricsOpen()).isFalse();
    assertThat(defaults.scheduling().slotTimeout()).isEqualTo(Duration.ofMinutes(5));
    WeirConfig set = defaults.with(new JsonObject().put("security", new JsonObject()
        .put("allowed-paths", new JsonArray().add("/data/weir").add("${java.io.tmpdir}/weir-${cluster}")))
        .put("scheduling", new JsonObject().put("slot-timeout", "30s")), "test").resolvePaths("c1");
    assertThat(set.security().allowedPaths()).hasSize(2).first().isEqualTo("/data/weir");
    assertThat(set.security().allowedPaths().get(1)).endsWith("/weir-c1").doesNotContain("${");
    assertThat(set.scheduling().slotTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> defaults.with(new JsonObject().put("security", new JsonObject()
        .put("allowed-paths", "/data")), "test"))
        .hasMessageContaining("setting 'security.allowed-paths'").hasMessageContaining("must be a list of absolute paths");
    assertThatThrownBy(() -> defaults.with(new JsonObject().put("security", new JsonObject()
        .put("allowed-paths", new JsonArray().add("relative/dir"))), "test"))
        .hasMessageContaining("'relative/dir' is not one");
    assertThatThrownBy(() -> defaults.with(new JsonObject().put("scheduling", new JsonObject()
        .put("slot-timeout", "0s")), "test"))
        .hasMessageContaining("setting 'scheduling.slot-timeout'").hasMessageContaining("must be longer than zero");
  }
}
