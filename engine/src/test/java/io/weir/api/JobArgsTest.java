package io.weir.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobArgsTest {

  private static JobArgs args(String... tokens) {
    return new JobArgs("word-count", List.of(tokens));
  }

  @Test
  void optionTakesTheNextTokenAsItsValue() {
    JobArgs a = args("--keys", "10", "--name", "x");
    assertThat(a.longValue("--keys", 1)).isEqualTo(10);
    assertThat(a.string("--name")).isEqualTo("x");
    a.finish();
  }

  @Test
  void optionWithEqualsSignCarriesItsValue() {
    JobArgs a = args("--keys=1_000", "--path=/tmp/a=b");
    assertThat(a.positiveInt("--keys", 1)).isEqualTo(1000);
    assertThat(a.string("--path")).isEqualTo("/tmp/a=b");
    a.finish();
  }

  @Test
  void absentOptionsGiveTheirDefaults() {
    JobArgs a = args();
    assertThat(a.string("--name")).isNull();
    assertThat(a.string("--name", "dflt")).isEqualTo("dflt");
    assertThat(a.longValue("--keys", 7)).isEqualTo(7);
    assertThat(a.doubleValue("--rate", 2.5)).isEqualTo(2.5);
    assertThat(a.duration("--every", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(a.flag("--verbose")).isFalse();
    a.finish();
  }

  @Test
  void typedValuesAreParsed() {
    JobArgs a = args("--rate", "0.25", "--every", "150ms");
    assertThat(a.doubleValue("--rate", 0)).isEqualTo(0.25);
    assertThat(a.duration("--every", Duration.ZERO)).isEqualTo(Duration.ofMillis(150));
    a.finish();
  }

  @Test
  void flagsArePresentOrAbsent() {
    JobArgs a = args("--verbose", "input.txt");
    assertThat(a.flag("--verbose")).isTrue();
    assertThat(a.flag("--quiet")).isFalse();
    assertThat(a.positional()).containsExactly("input.txt");
    a.finish();
  }

  @Test
  void positionalArgumentsKeepTheirOrderAndSkipOptionValues() {
    JobArgs a = args("first", "--keys", "5", "second", "--fast", "third");
    assertThat(a.longValue("--keys", 0)).isEqualTo(5);
    assertThat(a.flag("--fast")).isTrue();
    assertThat(a.positional()).containsExactly("first", "second", "third");
    a.finish();
  }

  @Test
  void anOptionWithoutItsValueIsAnError() {
    JobArgs a = args("--keys");
    assertThatThrownBy(() -> a.string("--keys"))
        .isInstanceOf(JobArgumentException.class)
        .hasMessage("word-count: --keys needs a value");
  }

  @Test
  void aMissingRequiredOptionIsAnError() {
    JobArgs a = args();
    assertThatThrownBy(() -> a.require("--input", "(the file to read)"))
        .isInstanceOf(JobArgumentException.class)
        .hasMessage("word-count: missing --input (the file to read)");
  }

  @Test
  void badNumbersNameTheOptionAndTheValue() {
    assertThatThrownBy(() -> args("--keys", "ten").longValue("--keys", 1))
        .isInstanceOf(JobArgumentException.class)
        .hasMessage("word-count: --keys must be a whole number, got 'ten'");
    assertThatThrownBy(() -> args("--keys", "0").positiveInt("--keys", 1))
        .isInstanceOf(JobArgumentException.class)
        .hasMessage("word-count: --keys must be positive, got 0");
    assertThatThrownBy(() -> args("--keys", "99999999999").positiveInt("--keys", 1))
        .isInstanceOf(JobArgumentException.class)
        .hasMessageContaining("--keys is too large");
    assertThatThrownBy(() -> args("--rate", "fast").doubleValue("--rate", 1))
        .isInstanceOf(JobArgumentException.class)
        .hasMessage("word-count: --rate must be a number, got 'fast'");
    assertThatThrownBy(() -> args("--every", "soon").duration("--every", Duration.ZERO))
        .isInstanceOf(JobArgumentException.class)
        .hasMessageStartingWith("word-count: --every: ");
  }

  @Test
  void anUnknownArgumentIsNamedInTheErrorWithTheKnownOptions() {
    JobArgs a = args("--keys", "3", "--kyes", "4");
    a.longValue("--keys", 1);
    a.flag("--verbose");
    assertThatThrownBy(a::finish)
        .isInstanceOf(JobArgumentException.class)
        .hasMessage("word-count: unknown argument '--kyes' (known: --keys, --verbose)");
  }

  @Test
  void anUnreadPositionalArgumentIsUnknown() {
    JobArgs a = args("stray");
    assertThatThrownBy(a::finish)
        .isInstanceOf(JobArgumentException.class)
        .hasMessage("word-count: unknown argument 'stray'");
  }
}
