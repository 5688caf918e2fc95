package dev.ec2runner.operator.planner;

import java.time.Instant;
import java.util.Objects;

/**
 * One Runner of the pool as last observed.
 *
 * @param createdAt when the Runner object was created
 * @param launchedAt when its instance was launched, or null before the launch
 * @param registered whether GitHub lists its runner online
 * @param busy whether it runs a job (by GitHub's flag or by a job that names it)
 * @param idleSince when it was first observed idle in its current idle spell, or null
 * @param observedAt when the observation behind {@code busy} and {@code registered} was taken, or null
 * @param deleting whether the Runner is being deleted (it still counts against the cap until gone)
 * @param launchFailure the last launch error, or null
 */
public record ObservedRunner(String name, RunnerPhase phase, Instant createdAt, Instant launchedAt,
    boolean registered, boolean busy, Instant idleSince, Instant observedAt, boolean deleting,
    LaunchFailure launchFailure) {

  public ObservedRunner {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Why a launch failed, in words safe to show. */
  public record LaunchFailure(String reason, String message) {
  }

  /** When the runner started to exist for the purposes of minimumRunningTime. */
  Instant startedAt() {
    return launchedAt != null ? launchedAt : createdAt;
  }

  /** Idle in this observation and already idle in an earlier one: GitHub's busy flag lags, so one sighting is not enough. */
  boolean idleConfirmed() {
    return idleSince != null && observedAt != null && idleSince.isBefore(observedAt);
  }
}
