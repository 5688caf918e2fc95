package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.operator.OperatorConfig;
import java.time.Duration;
import java.util.Set;

/**
 * Squeezes the operator's real-time waits into a world that runs {@code speed} times faster than real time.
 *
 * <p>The operator runs on the world's clock: every timestamp it compares (GitHub's {@code queued_at}, instance
 * launch times, its own {@code launchedAt}/{@code idleSince}) is simulated time, so a pool's durations
 * ({@code idleTimeout}, {@code bootTimeout}, {@code scaleUpDelay}, idle schedules) keep their meaning unchanged.
 * What does not follow that clock are the waits measured by real timers: the observation interval, JOSDK's
 * reschedules and the retry after an error. Those are divided by the speed, down to a floor that keeps a loaded
 * machine from spinning.
 */
public record TimeCompression(double speed) {

  /** The shortest real-time wait a compressed run uses. */
  public static final Duration FLOOR = Duration.ofMillis(100);

  /** How long the operator waits before retrying a failed call that named no delay (simulated). */
  static final Duration ERROR_RETRY = Duration.ofSeconds(30);

  public TimeCompression {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a positive number, was " + speed);
    }
  }

  /** The real time that {@code simulated} takes in the world, never below {@link #FLOOR}. */
  public Duration realTime(Duration simulated) {
    Duration real = Duration.ofNanos((long) (simulated.toNanos() / speed));
    return real.compareTo(FLOOR) < 0 ? FLOOR : real;
  }

  /**
   * The operator's configuration for the sandbox: the defaults, the given namespaces (empty for all), no leader
   * election. Its timers
   * (observation, error retry, webhook recovery) run in compressed time; every duration it compares with its clock
   * (the world's) stays in simulated time.
   */
  public OperatorConfig operatorConfig(Duration observeInterval, Set<String> watchNamespaces) {
    OperatorConfig defaults = OperatorConfig.defaults(realTime(observeInterval));
    return new OperatorConfig(watchNamespaces, false, null, 0, defaults.observeInterval(),
        defaults.completedJobTtl(), defaults.appSecretRefresh(), defaults.offeringCooldown(),
        defaults.instanceVisibilityGrace(), defaults.eventQuietPeriod(), realTime(ERROR_RETRY),
        defaults.stillQueuedCheckAfter(), realTime(defaults.webhookRecoveryInterval()));
  }
}
