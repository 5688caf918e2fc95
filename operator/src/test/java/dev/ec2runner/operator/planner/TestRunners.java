package dev.ec2runner.operator.planner;

import java.time.Duration;
import java.time.Instant;

/** Observed runners in each phase, for planner tests. */
final class TestRunners {

  static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");

  private TestRunners() {
  }

  static ObservedRunner pending(String name, Instant createdAt) {
    return new ObservedRunner(name, RunnerPhase.PENDING, createdAt, null, false, false, null, null, false, null);
  }

  static ObservedRunner booting(String name, Instant launchedAt) {
    return new ObservedRunner(name, RunnerPhase.BOOTING, launchedAt, launchedAt, false, false, null, launchedAt,
        false, null);
  }

  /** Idle since {@code idleSince}, launched {@code ranFor} before it, last observed at {@code observedAt}. */
  static ObservedRunner idle(String name, Instant launchedAt, Instant idleSince, Instant observedAt) {
    return new ObservedRunner(name, RunnerPhase.IDLE, launchedAt, launchedAt, true, false, idleSince, observedAt,
        false, null);
  }

  static ObservedRunner busy(String name, Instant launchedAt) {
    return new ObservedRunner(name, RunnerPhase.BUSY, launchedAt, launchedAt, true, true, null, launchedAt, false,
        null);
  }

  static ObservedRunner inPhase(String name, RunnerPhase phase, Instant at) {
    return new ObservedRunner(name, phase, at, at, false, false, null, at, false, null);
  }

  static ObservedRunner deleting(ObservedRunner runner) {
    return new ObservedRunner(runner.name(), runner.phase(), runner.createdAt(), runner.launchedAt(),
        runner.registered(), runner.busy(), runner.idleSince(), runner.observedAt(), true, runner.launchFailure());
  }

  static ObservedRunner failingLaunch(String name, Instant createdAt, String reason, String message) {
    return new ObservedRunner(name, RunnerPhase.PENDING, createdAt, null, false, false, null, null, false,
        new ObservedRunner.LaunchFailure(reason, message));
  }

  static PendingJob job(String name, Instant queuedAt) {
    return new PendingJob(name, queuedAt);
  }

  static Instant at(Duration offset) {
    return T0.plus(offset);
  }
}
