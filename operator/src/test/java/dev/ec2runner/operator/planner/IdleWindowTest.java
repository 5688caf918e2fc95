package dev.ec2runner.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleWindowTest {

  private static final IdleWindow BERLIN_WORKDAYS = IdleWindow.of("0 8 * * 1-5", "Europe/Berlin", 3, Duration.ofHours(9));

  @Test
  void opensAtTheLocalStartAndClosesAfterTheDuration() {
    // Monday 2 June 2025: Berlin is on CEST (UTC+2), so 08:00 local is 06:00Z.
    assertThat(BERLIN_WORKDAYS.isOpen(Instant.parse("2025-06-02T05:59:59Z"))).isFalse();
    assertThat(BERLIN_WORKDAYS.isOpen(Instant.parse("2025-06-02T06:00:00Z"))).isTrue();
    assertThat(BERLIN_WORKDAYS.isOpen(Instant.parse("2025-06-02T14:59:59Z"))).isTrue();
    assertThat(BERLIN_WORKDAYS.isOpen(Instant.parse("2025-06-02T15:00:00Z"))).isFalse();
  }

  @Test
  void staysClosedOnDaysTheCronExcludes() {
    // Saturday 7 June 2025, 10:00 in Berlin.
    assertThat(BERLIN_WORKDAYS.isOpen(Instant.parse("2025-06-07T08:00:00Z"))).isFalse();
  }

  @Test
  void followsDaylightSavingTimeInTheWindowsZone() {
    // Berlin switched to CEST on Sunday 30 March 2025: 08:00 local is 07:00Z on Friday the 28th, 06:00Z on Monday.
    assertThat(BERLIN_WORKDAYS.isOpen(Instant.parse("2025-03-28T06:30:00Z"))).isFalse();
    assertThat(BERLIN_WORKDAYS.isOpen(Instant.parse("2025-03-28T07:00:00Z"))).isTrue();
    assertThat(BERLIN_WORKDAYS.isOpen(Instant.parse("2025-03-31T06:00:00Z"))).isTrue();
    assertThat(BERLIN_WORKDAYS.isOpen(Instant.parse("2025-03-31T05:59:00Z"))).isFalse();
    // And back to CET on Sunday 26 October 2025: Monday 27th opens at 07:00Z.
    assertThat(BERLIN_WORKDAYS.isOpen(Instant.parse("2025-10-27T06:30:00Z"))).isFalse();
    assertThat(BERLIN_WORKDAYS.isOpen(Instant.parse("2025-10-27T07:00:00Z"))).isTrue();
  }

  @Test
  void theSameInstantFallsInDifferentWindowsAcrossZones() {
    IdleWindow tokyo = IdleWindow.of("0 9 * * 1-5", "Asia/Tokyo", 2, Duration.ofHours(8));
    IdleWindow newYork = IdleWindow.of("0 9 * * 1-5", "America/New_York", 2, Duration.ofHours(8));
    Instant mondayMorningInTokyo = Instant.parse("2025-06-02T01:00:00Z");
    Instant mondayMorningInNewYork = Instant.parse("2025-06-02T13:00:00Z");

    assertThat(tokyo.isOpen(mondayMorningInTokyo)).isTrue();
    assertThat(newYork.isOpen(mondayMorningInTokyo)).isFalse();
    assertThat(tokyo.isOpen(mondayMorningInNewYork)).isFalse();
    assertThat(newYork.isOpen(mondayMorningInNewYork)).isTrue();
  }

  @Test
  void aWindowThatCrossesMidnightStaysOpenIntoTheNextDay() {
    IdleWindow nightly = IdleWindow.of("0 22 * * *", "UTC", 1, Duration.ofHours(4));

    assertThat(nightly.isOpen(Instant.parse("2025-06-03T01:30:00Z"))).isTrue();
    assertThat(nightly.isOpen(Instant.parse("2025-06-03T02:00:00Z"))).isFalse();
  }

  @Test
  void aStartInsideTheSpringForwardGapIsSkippedThatDay() {
    IdleWindow early = IdleWindow.of("30 2 * * *", "Europe/Berlin", 1, Duration.ofMinutes(30));

    // 02:30 did not exist in Berlin on 30 March 2025; it did on the 29th (01:30Z) and the 31st (00:30Z).
    assertThat(early.isOpen(Instant.parse("2025-03-29T01:45:00Z"))).isTrue();
    assertThat(early.isOpen(Instant.parse("2025-03-30T00:45:00Z"))).isFalse();
    assertThat(early.isOpen(Instant.parse("2025-03-30T01:45:00Z"))).isFalse();
    assertThat(early.isOpen(Instant.parse("2025-03-31T00:45:00Z"))).isTrue();
  }

  @Test
  void nextChangeIsTheCloseWhileOpenAndTheNextStartWhileClosed() {
    assertThat(BERLIN_WORKDAYS.nextChange(Instant.parse("2025-06-02T10:00:00Z")))
        .contains(Instant.parse("2025-06-02T15:00:00Z"));
    assertThat(BERLIN_WORKDAYS.nextChange(Instant.parse("2025-06-06T16:00:00Z")))
        .contains(Instant.parse("2025-06-09T06:00:00Z"));
  }

  @Test
  void theLargestOpenWindowSetsTheIdleTarget() {
    IdleWindow morning = IdleWindow.of("0 8 * * *", "UTC", 5, Duration.ofHours(2));
    IdleWindow day = IdleWindow.of("0 8 * * *", "UTC", 2, Duration.ofHours(9));
    PoolPolicy policy = new PoolPolicy(10, 1, 0, List.of(morning, day), Duration.ZERO, Duration.ZERO,
        Duration.ZERO, Duration.ofMinutes(10));

    assertThat(policy.idleTarget(Instant.parse("2025-06-02T09:00:00Z"))).isEqualTo(5);
    assertThat(policy.idleTarget(Instant.parse("2025-06-02T12:00:00Z"))).isEqualTo(2);
    assertThat(policy.idleTarget(Instant.parse("2025-06-02T20:00:00Z"))).isEqualTo(1);
  }

  @Test
  void plannerKeepsTheWindowsIdleRunnersAndRechecksWhenItCloses() {
    IdleWindow window = IdleWindow.of("0 8 * * *", "UTC", 2, Duration.ofHours(1));
    PoolPolicy policy = new PoolPolicy(10, 0, 0, List.of(window), Duration.ZERO, Duration.ZERO, Duration.ZERO,
        Duration.ofMinutes(10));
    Instant inside = Instant.parse("2025-06-02T08:15:00Z");

    Plan plan = Planner.plan(policy, List.of(), List.of(), null, inside);

    assertThat(plan.create()).isEqualTo(2);
    assertThat(plan.recheckAfter()).contains(Duration.ofMinutes(45));
  }

  @Test
  void rejectsBadCronAndZoneWithAMessageThatSaysWhy() {
    assertThatThrownBy(() -> IdleWindow.of("61 8 * * *", "UTC", 1, Duration.ofHours(1)))
        .hasMessageContaining("invalid cron expression '61 8 * * *'").hasMessageContaining("59");
    assertThatThrownBy(() -> IdleWindow.of("0 8 * * 1-5", "Mars/Olympus", 1, Duration.ofHours(1)))
        .hasMessageContaining("unknown time zone 'Mars/Olympus'");
  }
}
