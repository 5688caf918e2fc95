package dev.ec2runner.operator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MutableClockTest {

  private static final Instant START = Instant.parse("2025-06-02T10:00:00Z");

  @Test
  void aSteppedClockMovesOnlyByHand() {
    MutableClock clock = new MutableClock(START);
    // START is long past: a clock that followed the system clock would not show it.
    assertThat(clock.instant()).isEqualTo(START).isBefore(Instant.now().minus(Duration.ofDays(1)));

    clock.advance(Duration.ofMinutes(2));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(120));
    clock.set(START.plusSeconds(7));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(7));
  }

  @Test
  void aRealTimeClockGoesOnWithTheSystemClockAndMovingItShiftsItAhead() {
    MutableClock clock = MutableClock.realTime();
    Instant before = Instant.now();
    Instant read = clock.instant();
    assertThat(read).isBetween(before, Instant.now());

    clock.advance(Duration.ofHours(1));
    assertThat(clock.instant()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
    clock.set(START);
    assertThat(clock.instant()).isBetween(START, START.plusSeconds(60));
  }
}
