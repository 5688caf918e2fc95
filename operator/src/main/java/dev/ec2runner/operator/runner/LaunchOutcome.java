package dev.ec2runner.operator.runner;

import dev.ec2runner.operator.cloud.LaunchedInstance;
import java.time.Duration;

/** How a launch attempt ended. */
public sealed interface LaunchOutcome {

  /** An instance runs (or was already running for this Runner's token). */
  record Launched(LaunchedInstance instance) implements LaunchOutcome {
  }

  /**
   * No instance; try again after the delay.
   *
   * @param reason a condition reason: InsufficientCapacity, InvalidConfiguration, RunnerMirrorEmpty,
   *     Throttled or CloudError
   * @param message safe to show in conditions and Events
   */
  record Failed(String reason, String message, Duration retryAfter) implements LaunchOutcome {
  }
}
