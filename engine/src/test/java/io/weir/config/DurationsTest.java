package io.weir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
      "200ms, 200000000",
      "2s, 2000000000",
      "1.5s, 1500000000",
      "5m, 300000000000",
      "1h, 3600000000000",
      "250, 250000000",
      "10us, 10000",
      "7ns, 7",
      "' 3 S ', 3000000000",
      "off, 0",
      "none, 0"})
  void parsesTheWaysUsersWriteDurations(String text, long nanos) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "-1s", "1d", "1.s", "s"})
  void refusesWhatIsNotADurationNamingTheText(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void formatsShortDurationsInMillisecondsAndLongOnesInSeconds() {
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.format(Duration.ofMillis(9_999))).isEqualTo("9999ms");
    assertThat(Durations.format(Duration.ofMillis(12_345))).isEqualTo("12.3s");
    assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("120.0s");
    assertThat(Durations.format(Duration.ofNanos(10_000))).isEqualTo("10us");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0ms");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 250, 9_999, 10_000, 12_300, 90_000})
  void formatParsesBackToTheSameDurationToATenthOfASecond(long millis) {
    Duration d = Duration.ofMillis(millis);

    Duration back = Durations.parse(Durations.format(d));

    assertThat(Math.abs(back.toMillis() - millis)).isLessThanOrEqualTo(50);
  }

  @Test
  void parsesSizes() {
    assertThat(Durations.parseBytes("512")).isEqualTo(512);
    assertThat(Durations.parseBytes("4kb")).isEqualTo(4 * 1024);
    assertThat(Durations.parseBytes("64mb")).isEqualTo(64L << 20);
    assertThat(Durations.parseBytes("1g")).isEqualTo(1L << 30);
    assertThatThrownBy(() -> Durations.parseBytes("lots")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'lots'");
  }
}
