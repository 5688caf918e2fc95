package dev.ec2runner.simulator.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WorldSchedulerTest {

  private static final Instant T0 = Instant.parse("2025-01-06T09:00:00Z");

  @Test
  void steppedTimeRunsTasksInTimeOrderWithTheClockAtEachTasksTime() {
    WorldClock clock = WorldClock.stepped(T0);
    WorldScheduler scheduler = new WorldScheduler(clock);
    List<String> seen = new CopyOnWriteArrayList<>();
    scheduler.at(T0.plusSeconds(30), "late", () -> seen.add("late@" + clock.instant()));
    scheduler.at(T0.plusSeconds(10), "early", () -> {
      seen.add("early@" + clock.instant());
      scheduler.after(Duration.ofSeconds(5), "chained", () -> seen.add("chained@" + clock.instant()));
    });
    scheduler.at(T0.plusSeconds(10), "same time, later", () -> seen.add("second@" + clock.instant()));

    scheduler.advance(Duration.ofSeconds(20));

    assertThat(seen).containsExactly("early@" + T0.plusSeconds(10), "second@" + T0.plusSeconds(10),
        "chained@" + T0.plusSeconds(15));
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(20));
    scheduler.advance(Duration.ofSeconds(20));
    assertThat(seen).hasSize(4).last().isEqualTo("late@" + T0.plusSeconds(30));
  }

  @Test
  void periodicTasksRepeatUntilCancelledAndAFailureNeitherStopsThemNorTheWorld() {
    WorldClock clock = WorldClock.stepped(T0);
    WorldScheduler scheduler = new WorldScheduler(clock);
    List<Instant> ticks = new CopyOnWriteArrayList<>();
    WorldScheduler.Task task = scheduler.every(Duration.ofSeconds(10), "tick", () -> {
      ticks.add(clock.instant());
      if (ticks.size() == 2) {
        throw new IllegalStateException("boom");
      }
    });

    scheduler.advance(Duration.ofSeconds(35));
    task.cancel();
    scheduler.advance(Duration.ofSeconds(60));

    assertThat(ticks).containsExactly(T0.plusSeconds(10), T0.plusSeconds(20), T0.plusSeconds(30));
    assertThat(scheduler.failureCount()).isEqualTo(1);
    assertThat(scheduler.failures()).singleElement().asString().contains("tick").contains("boom");
  }

  @Test
  void aScaledClockRunsTasksOnItsOwnThreadAtCompressedTime() {
    WorldClock clock = WorldClock.scaled(T0, 600);
    try (WorldScheduler scheduler = new WorldScheduler(clock)) {
      List<Instant> ran = new CopyOnWriteArrayList<>();
      scheduler.at(T0.plusSeconds(60), "a minute in", () -> ran.add(clock.instant()));
      scheduler.start();

      await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 1);
      assertThat(ran.get(0)).isAfterOrEqualTo(T0.plusSeconds(60));
      assertThatThrownBy(() -> scheduler.advance(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void speedsMustBePositiveAndSteppedClocksNeverGoBack() {
    assertThatThrownBy(() -> WorldClock.scaled(T0, 0)).hasMessageContaining("positive");
    WorldClock clock = WorldClock.stepped(T0);
    clock.advanceTo(T0.plusSeconds(5));
    clock.advanceTo(T0);
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(5));
  }
}
