package dev.ec2runner.simulator.world;

import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.report.Stats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** Folds a run's outcomes, usage and call counts into a {@link SandboxReport}; pure arithmetic. */
final class WorldReport {

  private static final Set<String> SSM_ACTIONS = Set.of("PutParameter", "GetParameter", "DeleteParameter",
      "GetParametersByPath");

  private WorldReport() {
  }

  static SandboxReport build(String scenario, String strategy, Duration simulated, List<JobOutcome> outcomes,
      List<InstanceRecord> instances, Map<String, Map<String, Double>> prices, List<SandboxReport.Pool> pools,
      SandboxReport.Leaks leaks, Map<String, Map<String, Long>> apiCalls, List<String> violations) {
    int served = (int) outcomes.stream().filter(JobOutcome::served).count();
    List<Double> waits = seconds(outcomes, JobOutcome::waited);
    double billedMinutes = 0;
    double idleMinutes = 0;
    double spotMinutes = 0;
    double cost = 0;
    for (InstanceRecord instance : instances) {
      double minutes = instance.billed().toMillis() / 60_000.0;
      billedMinutes += minutes;
      idleMinutes += instance.idle().toMillis() / 60_000.0;
      if (instance.capacityType() == CapacityType.SPOT) {
        spotMinutes += minutes;
      }
      cost += minutes / 60 * price(prices, instance.instanceType(), instance.capacityType());
    }
    List<String> allViolations = new ArrayList<>(violations);
    for (SandboxReport.Pool pool : pools) {
      if (pool.peakRunners() > pool.maxRunners()) {
        allViolations.add("pool " + pool.name() + " reached " + pool.peakRunners() + " runners, above maxRunners "
            + pool.maxRunners());
      }
    }
    return new SandboxReport(scenario, strategy, Stats.round(simulated.toMillis() / 1000.0, 1),
        new SandboxReport.Jobs(outcomes.size(), served, outcomes.size() - served),
        wait(waits), WaitBreakdown.of(outcomes, instances, JobOutcome::waited),
        Stats.round(billedMinutes, 1), Stats.round(idleMinutes, 1),
        billedMinutes == 0 ? 0 : Stats.round(spotMinutes / billedMinutes, 3), Stats.round(cost, 4), pools, leaks,
        apiCalls, allViolations, Map.of());
  }

  /** The waits {@code waited} gives, in seconds (null: left out). */
  static List<Double> seconds(List<JobOutcome> outcomes, Function<JobOutcome, Duration> waited) {
    return outcomes.stream().map(waited).filter(Objects::nonNull).map(d -> d.toMillis() / 1000.0).toList();
  }

  static SandboxReport.Wait wait(List<Double> waits) {
    return new SandboxReport.Wait(Stats.round(Stats.percentile(waits, 50), 1), Stats.round(Stats.percentile(waits, 95),
        1), Stats.round(Stats.max(waits), 1));
  }

  /** Cloud actions by service ({@code ec2}, {@code ssm}) and GitHub endpoints under {@code github}. */
  static Map<String, Map<String, Long>> apiCalls(Map<String, Long> cloudCalls, Map<String, Long> githubCalls) {
    Map<String, Map<String, Long>> byService = new TreeMap<>();
    cloudCalls.forEach((action, count) -> byService
        .computeIfAbsent(SSM_ACTIONS.contains(action) ? "ssm" : "ec2", service -> new TreeMap<>())
        .merge(action, count, Long::sum));
    if (!githubCalls.isEmpty()) {
      byService.put("github", new TreeMap<>(githubCalls));
    }
    return byService;
  }

  private static double price(Map<String, Map<String, Double>> prices, String instanceType, CapacityType type) {
    Map<String, Double> byCapacity = prices.get(instanceType);
    return byCapacity == null ? 0 : byCapacity.getOrDefault(type.wireName(), 0.0);
  }
}
