package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.weir.config.WeirConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code submit --allow-fallback} becomes the job setting {@code checkpoint.allow-fallback}. */
class AllowFallbackOptionTest {
  private static JsonObject settings(String... args) {
    JobSettingsOptions options = new JobSettingsOptions();
    new CommandLine(options).parseArgs(args);
    return options.settings();
  }

  @Test
  void allowFallbackIsOffUnlessGiven() {
    assertThat(WeirConfig.fromJson(settings()).checkpoint().allowFallback()).isFalse();
    assertThat(WeirConfig.fromJson(settings("--allow-fallback")).checkpoint().allowFallback()).isTrue();
  }

  @Test
  void aSecondCopyIsSetWithSet() {
    JsonObject s = settings("--set", "checkpoint.copy.storage=imap");

    assertThat(WeirConfig.fromJson(s).checkpoint().copy().storage()).isEqualTo("imap");
  }
}
