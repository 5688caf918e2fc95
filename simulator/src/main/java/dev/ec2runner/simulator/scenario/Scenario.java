package dev.ec2runner.simulator.scenario;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A sandbox run: pools, the workload that arrives for them, prices, faults and the scaling strategy to drive.
 *
 * @param duration how long new jobs arrive; the run then drains until every job finished (bounded by drainTimeout)
 * @param bootTime how long a simulated instance takes from launch to a registered runner
 * @param prices hourly price by instance type and capacity type ("spot" or "on-demand")
 * @param seed makes arrivals, durations and faults repeatable
 * @param runnerGroups organization runner groups to create on the simulated GitHub, beyond those the pools name
 */
public record Scenario(String name, Duration duration, Duration bootTime, Duration drainTimeout,
    List<RunnerPool> pools, List<WorkloadStream> workload, Map<String, Map<String, Double>> prices, Faults faults,
    Strategy strategy, long seed, List<RunnerGroup> runnerGroups) {

  public Scenario {
    runnerGroups = List.copyOf(runnerGroups);
    pools = List.copyOf(pools);
    workload = List.copyOf(workload);
    prices = Map.copyOf(prices);
  }

  /**
   * A runner group of an organization.
   *
   * @param repositories the only repositories whose jobs GitHub gives the group's runners, or null for all of them
   */
  public record RunnerGroup(String organization, String name, List<String> repositories) {

    public RunnerGroup {
      repositories = repositories == null ? null : List.copyOf(repositories);
    }
  }

  /** Which scaling logic runs the fleet. */
  public enum Strategy {
    /** This project's operator. */
    OPERATOR,
    /** A model of the Lambda-based design: delayed events, one launch per event, periodic scale-down. */
    BASELINE,
    /** Both, on the same workload, one after the other, for a side-by-side report. */
    COMPARE
  }

  /**
   * One source of jobs.
   *
   * @param arrivalsPerMinute mean of a Poisson arrival process (0 for bursts only)
   * @param medianDuration median job duration (lognormal)
   * @param p95Duration 95th percentile of the job duration
   */
  public record WorkloadStream(String repository, List<String> labels, double arrivalsPerMinute,
      List<Burst> bursts, Duration medianDuration, Duration p95Duration) {

    public WorkloadStream {
      labels = List.copyOf(labels);
      bursts = List.copyOf(bursts);
    }
  }

  /** Many jobs queued at the same moment. */
  public record Burst(Duration at, int jobs) {
  }

  /** Faults injected into the simulated world. */
  public record Faults(double spotInterruptionsPerHour, List<CapacityOutage> insufficientCapacity,
      double webhookDropRate, double apiErrorRate, double apiThrottleRate, Duration operatorRestartEvery) {

    public static final Faults NONE = new Faults(0, List.of(), 0, 0, 0, null);

    public Faults {
      insufficientCapacity = List.copyOf(insufficientCapacity);
    }
  }

  /**
   * A window in which EC2 has no capacity for an instance type.
   *
   * @param capacityType spot or on-demand; null for both
   */
  public record CapacityOutage(String instanceType, String capacityType, Duration from, Duration to) {
  }
}
