package dev.ec2runner.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parsesKubernetesStyleDurations() {
    assertThat(Durations.parse("45s")).isEqualTo(Duration.ofSeconds(45));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("0s")).isZero();
    assertThat(Durations.parse("1m1s500ms")).isEqualTo(Duration.ofMillis(61_500));
    assertThat(Durations.parse(" 30s\n")).as("as an environment variable may carry it").isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parseOr(null, Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(10));
    assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNumberTooLargeIsAnInvalidDurationNotACrash() {
    assertThatThrownBy(() -> Durations.parse("99999999999999999999h")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'99999999999999999999h'").hasMessageContaining("too large");
    assertThatThrownBy(() -> Durations.parse("9999999999999999h")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void rejectsWhatTheSchemaRejectsWithAHint() {
    for (String bad : new String[] {"", "5", "5 m", "m5", "-5m", "1.5h", "ten minutes", "5d", "1h 30m"}) {
      assertThatThrownBy(() -> Durations.parse(bad)).hasMessageContaining("invalid duration '" + bad + "'")
          .hasMessageContaining("45s");
    }
  }

  @Test
  void formatsCompactly() {
    assertThat(Durations.format(Duration.ofSeconds(14))).isEqualTo("14s");
    assertThat(Durations.format(Duration.ofSeconds(3725))).isEqualTo("1h2m5s");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofSeconds(-3))).isEqualTo("0s");
  }

  @Property
  void formatThenParseKeepsWholeSeconds(@ForAll @LongRange(min = 0, max = 1_000_000) long seconds) {
    assertThat(Durations.parse(Durations.format(Duration.ofSeconds(seconds)))).isEqualTo(Duration.ofSeconds(seconds));
  }
}
