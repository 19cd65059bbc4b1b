package io.weir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeirConfigTest {
  @TempDir
  Path tmp;

  /** weir.json as shipped in the cluster-config module, read directly. */
  private static JsonObject shippedDefaults() throws IOException {
    try (InputStream in = WeirConfigTest.class.getClassLoader().getResourceAsStream("weir.json")) {
      assertThat(in).as("weir.json on the test classpath").isNotNull();
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void defaultsLoadFromTheShippedWeirJson() throws IOException {
    JsonObject shipped = shippedDefaults();

    WeirConfig config = WeirConfig.defaults();

    assertThat(config.parallelism()).isEqualTo(shipped.getInteger("parallelism"));
    assertThat(config.maxParallelism()).isEqualTo(shipped.getInteger("max-parallelism"));
    JsonObject checkpoint = shipped.getJsonObject("checkpoint");
    assertThat(config.checkpoint().interval()).isEqualTo(Durations.parse(checkpoint.getString("interval")));
    assertThat(config.checkpoint().timeout()).isEqualTo(Durations.parse(checkpoint.getString("timeout")));
    assertThat(config.checkpoint().retained()).isEqualTo(checkpoint.getInteger("retained"));
    assertThat(config.checkpoint().mode()).isEqualTo(CheckpointMode.parse(checkpoint.getString("mode")));
    assertThat(config.restart().strategy()).isEqualTo(shipped.getJsonObject("restart").getString("strategy"));
    assertThat(config.failover()).isEqualTo(shipped.getString("failover"));
    assertThat(config.heartbeat().timeout())
        .isEqualTo(Durations.parse(shipped.getJsonObject("heartbeat").getString("timeout")));
    assertThat(config.state().rocksdb().blockCache())
        .isEqualTo(Durations.parseBytes(shipped.getJsonObject("state").getJsonObject("rocksdb").getString("block-cache")));
  }

  @Test
  void overridesMergeIntoTheDefaultsSectionBySection() {
    WeirConfig defaults = WeirConfig.defaults();

    WeirConfig config = defaults.with(new JsonObject()
        .put("parallelism", 8)
        .put("checkpoint", new JsonObject().put("interval", "5s"))
        .put("state", new JsonObject().put("rocksdb", new JsonObject().put("compression", "zstd"))), "test overrides");

    assertThat(config.parallelism()).isEqualTo(8);
    assertThat(config.checkpoint().interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.checkpoint().timeout()).as("untouched keys of the section keep their value")
        .isEqualTo(defaults.checkpoint().timeout());
    assertThat(config.state().rocksdb().compression()).isEqualTo("zstd");
    assertThat(config.state().rocksdb().blockCache()).isEqualTo(defaults.state().rocksdb().blockCache());
    assertThat(defaults.checkpoint().interval()).as("the defaults are not changed").isNotEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void laterOverridesWinOverEarlierOnes() {
    WeirConfig config = WeirConfig.defaults()
        .with(new JsonObject().put("checkpoint", new JsonObject().put("interval", "5s").put("retained", 4)), "job")
        .with(new JsonObject().put("checkpoint", new JsonObject().put("interval", "7s")), "submitted");

    assertThat(config.checkpoint().interval()).isEqualTo(Duration.ofSeconds(7));
    assertThat(config.checkpoint().retained()).isEqualTo(4);
  }

  @Test
  void unknownKeyIsAnErrorThatListsTheKnownKeys() {
    assertThatThrownBy(() -> WeirConfig.defaults().with(
        new JsonObject().put("checkpoint", new JsonObject().put("intervall", "5s")), "config file x.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config file x.json")
        .hasMessageContaining("'checkpoint.intervall'")
        .hasMessageContaining("interval").hasMessageContaining("min-pause").hasMessageContaining("retained");
  }

  @Test
  void unknownTopLevelKeyListsTheTopLevelKeys() {
    assertThatThrownBy(() -> WeirConfig.defaults().with(new JsonObject().put("paralelism", 3), "test"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'paralelism'")
        .hasMessageContaining("parallelism").hasMessageContaining("checkpoint").hasMessageContaining("restart");
  }

  @Test
  void sectionGivenAsAValueIsAnErrorNamingItsKeys() {
    assertThatThrownBy(() -> WeirConfig.defaults().with(new JsonObject().put("heartbeat", "1s"), "test"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'heartbeat'").hasMessageContaining("interval").hasMessageContaining("timeout");
  }

  @Test
  void badDurationNamesTheSettingAndTheValue() {
    assertThatThrownBy(() -> WeirConfig.defaults().with(
        new JsonObject().put("checkpoint", new JsonObject().put("timeout", "soon")), "test"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("checkpoint.timeout")
        .hasMessageContaining("soon");
  }

  @Test
  void otherBadValuesNameTheSetting() {
    assertThatThrownBy(() -> WeirConfig.defaults().with(new JsonObject().put("parallelism", 0), "test"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'parallelism'").hasMessageContaining("positive");
    assertThatThrownBy(() -> WeirConfig.defaults().with(new JsonObject().put("failover", "partial"), "test"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'failover'").hasMessageContaining("region, full");
    assertThatThrownBy(() -> WeirConfig.defaults().with(
        new JsonObject().put("checkpoint", new JsonObject().put("mode", "twice")), "test"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("checkpoint.mode").hasMessageContaining("twice");
    assertThatThrownBy(() -> WeirConfig.defaults().with(
        new JsonObject().put("heartbeat", new JsonObject().put("timeout", "100ms")), "test"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("heartbeat.timeout")
        .hasMessageContaining("heartbeat.interval");
  }

  @Test
  void configFileOverridesTheDefaults() throws IOException {
    Path file = tmp.resolve("weir.json");
    Files.writeString(file, "{ \"restart\": { \"strategy\": \"none\" } }");

    WeirConfig config = WeirConfig.load(file);

    assertThat(config.restart().strategy()).isEqualTo("none");
    assertThat(config.parallelism()).isEqualTo(WeirConfig.defaults().parallelism());
  }

  @Test
  void malformedJsonFileErrorNamesTheFileWithLineAndColumn() throws IOException {
    Path file = tmp.resolve("broken.json");
    Files.writeString(file, "{\n  \"parallelism\": 4,\n  \"checkpoint\": { \"interval\" \"2s\" }\n}\n");

    assertThatThrownBy(() -> WeirConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("line 3, column 30");
  }

  @Test
  void missingConfigFileIsNamed() {
    Path file = tmp.resolve("nope.json");

    assertThatThrownBy(() -> WeirConfig.load(file)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("does not exist");
  }

  @Test
  void settingsShippedAsJsonRoundTrip() {
    WeirConfig config = WeirConfig.defaults().with(new JsonObject().put("checkpoint",
        new JsonObject().put("interval", "3s")), "test");

    WeirConfig shipped = WeirConfig.fromJson(config.toJson());

    assertThat(shipped.checkpoint()).isEqualTo(config.checkpoint());
    assertThat(shipped.restart()).isEqualTo(config.restart());
  }

  @Test
  void resolvePathsSubstitutesTheTemporaryDirectoryAndTheClusterName() {
    WeirConfig config = WeirConfig.defaults().with(new JsonObject().put("checkpoint",
        new JsonObject().put("dir", "${java.io.tmpdir}/weir-${cluster}/cp")), "test");

    String dir = config.resolvePaths("blue").checkpoint().dir();

    assertThat(dir).doesNotContain("${").endsWith("/weir-blue/cp");
    assertThat(Path.of(dir).getParent().getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
  }
}
