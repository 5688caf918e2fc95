package dev.ec2runner.operator.planner;

import dev.ec2runner.api.Durations;
import dev.ec2runner.api.v1alpha1.IdleSchedule;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.api.v1alpha1.ScalingSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scaling rules of one pool, parsed from its spec.
 *
 * @param replicasFloor runners (idle or busy) to keep at least, from {@code spec.replicas}; 0 when unset
 * @param scaleUpDelay how long a queued job waits before it counts as demand
 * @param minimumRunningTime an idle runner is not removed before it has run this long
 * @param idleTimeout an idle runner above the idle target is removed after being idle this long
 * @param bootTimeout a launched runner not registered after this long is replaced
 * @param unassignedDemandTimeout a queued job left beside an idle runner of the pool this long stops counting
 */
public record PoolPolicy(int maxRunners, int minIdle, int replicasFloor, List<IdleWindow> idleWindows,
    Duration scaleUpDelay, Duration minimumRunningTime, Duration idleTimeout, Duration bootTimeout,
    Duration unassignedDemandTimeout) {

  public static final Duration DEFAULT_MINIMUM_RUNNING_TIME = Duration.ofMinutes(5);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_UNASSIGNED_DEMAND_TIMEOUT = Duration.ofMinutes(10);

  /** A policy with the default unassignedDemandTimeout. */
  public PoolPolicy(int maxRunners, int minIdle, int replicasFloor, List<IdleWindow> idleWindows,
      Duration scaleUpDelay, Duration minimumRunningTime, Duration idleTimeout, Duration bootTimeout) {
    this(maxRunners, minIdle, replicasFloor, idleWindows, scaleUpDelay, minimumRunningTime, idleTimeout, bootTimeout,
        DEFAULT_UNASSIGNED_DEMAND_TIMEOUT);
  }

  public PoolPolicy {
    idleWindows = List.copyOf(idleWindows);
    if (maxRunners < 0 || minIdle < 0 || replicasFloor < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /**
   * The policy a pool spec describes, with the documented defaults for unset fields.
   *
   * @throws InvalidPoolSpecException naming the offending field, for a value the schema cannot rule out (a cron
   *     expression, a time zone)
   */
  public static PoolPolicy from(RunnerPoolSpec spec) {
    ScalingSettings scaling = spec.getScaling();
    if (scaling == null || scaling.getMaxRunners() == null) {
      throw new InvalidPoolSpecException("spec.scaling.maxRunners is required");
    }
    int max = scaling.getMaxRunners();
    int replicas = spec.getReplicas() == null ? 0 : Math.min(spec.getReplicas(), max);
    return new PoolPolicy(max,
        scaling.getMinIdle() == null ? 0 : scaling.getMinIdle(),
        replicas,
        windows(scaling.getIdleSchedules()),
        duration("scaleUpDelay", scaling.getScaleUpDelay(), Duration.ZERO),
        duration("minimumRunningTime", scaling.getMinimumRunningTime(), DEFAULT_MINIMUM_RUNNING_TIME),
        duration("idleTimeout", scaling.getIdleTimeout(), DEFAULT_IDLE_TIMEOUT),
        duration("bootTimeout", scaling.getBootTimeout(), DEFAULT_BOOT_TIMEOUT),
        duration("unassignedDemandTimeout", scaling.getUnassignedDemandTimeout(), DEFAULT_UNASSIGNED_DEMAND_TIMEOUT));
  }

  /**
   * A policy for a spec that does not parse: keeps only its cap, so the pool can still tidy up (delete failed and
   * surplus Runners) while it reports the spec error and launches nothing.
   */
  public static PoolPolicy fallback(RunnerPoolSpec spec) {
    ScalingSettings scaling = spec == null ? null : spec.getScaling();
    int max = scaling == null || scaling.getMaxRunners() == null ? 0 : scaling.getMaxRunners();
    return new PoolPolicy(max, 0, 0, List.of(), Duration.ZERO, DEFAULT_MINIMUM_RUNNING_TIME, DEFAULT_IDLE_TIMEOUT,
        DEFAULT_BOOT_TIMEOUT);
  }

  /** The idle target now: the larger of minIdle and the counts of the open idle windows. */
  public int idleTarget(Instant now) {
    int target = minIdle;
    for (IdleWindow window : idleWindows) {
      if (window.count() > target && window.isOpen(now)) {
        target = window.count();
      }
    }
    return target;
  }

  /** The next time an idle window opens or closes, if any. */
  public Optional<Instant> nextWindowChange(Instant now) {
    return idleWindows.stream().map(w -> w.nextChange(now)).flatMap(Optional::stream).min(Instant::compareTo);
  }

  private static List<IdleWindow> windows(List<IdleSchedule> schedules) {
    List<IdleWindow> windows = new ArrayList<>();
    if (schedules == null) {
      return windows;
    }
    for (int i = 0; i < schedules.size(); i++) {
      IdleSchedule schedule = schedules.get(i);
      String field = "spec.scaling.idleSchedules[" + i + "]";
      try {
        windows.add(IdleWindow.of(schedule.getCron(), schedule.getTimeZone(),
            schedule.getCount() == null ? 0 : schedule.getCount(), Durations.parse(schedule.getDuration())));
      } catch (IllegalArgumentException e) {
        throw new InvalidPoolSpecException(field + ": " + e.getMessage(), e);
      }
    }
    return windows;
  }

  private static Duration duration(String field, String text, Duration fallback) {
    try {
      return Durations.parseOr(text, fallback);
    } catch (IllegalArgumentException e) {
      throw new InvalidPoolSpecException("spec.scaling." + field + ": " + e.getMessage(), e);
    }
  }
}
