package dev.ec2runner.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @Test
  void parsesEachUnitAndCombinations() {
    assertThat(DurationText.parse("45s")).isEqualTo(Duration.ofSeconds(45));
    assertThat(DurationText.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationText.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(DurationText.parse("1m1s500ms")).isEqualTo(Duration.ofMillis(61_500));
    assertThat(DurationText.parse("0s")).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5 m", "m5", "1.5h", "-5s", "5d", "1h 30m"})
  void rejectsAnythingElseNamingTheText(String text) {
    assertThatThrownBy(() -> DurationText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("1h30m");
  }

  @Test
  void formatsLargestUnitsFirstAndRoundTrips() {
    assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(DurationText.format(Duration.ofSeconds(14))).isEqualTo("14s");
    assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    assertThat(DurationText.parse(DurationText.format(Duration.ofSeconds(3725)))).isEqualTo(Duration.ofSeconds(3725));
  }

  @Test
  void nullFallsBackOnlyInParseOr() {
    assertThat(DurationText.parseOr(null, Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> DurationText.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
