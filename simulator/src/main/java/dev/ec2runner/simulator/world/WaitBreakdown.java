package dev.ec2runner.simulator.world;

import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.report.Stats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Splits each served job's wait along the timeline of the instance that served it: queued → that instance launched
 * (the webhook, the WorkflowJob, the Runner and the launch call; nothing for an instance launched before the job was
 * queued) → running (the boot) → its runner online (configuration read, registered) → the job started on it
 * (GitHub's assignment). Each mark is clamped between the previous one and the start, so the parts of a job add up
 * to its wait. Pure arithmetic.
 */
final class WaitBreakdown {

  private WaitBreakdown() {
  }

  /**
   * Mean parts over the jobs with a known instance whose wait {@code waited} gives (null: left out), and over the
   * slowest twentieth of them (waits ≥ p95).
   */
  static SandboxReport.WaitParts of(Collection<JobOutcome> outcomes, Collection<InstanceRecord> instances,
      Function<JobOutcome, Duration> waited) {
    Map<String, InstanceRecord> byId = instances.stream()
        .collect(Collectors.toMap(InstanceRecord::instanceId, Function.identity(), (a, b) -> a));
    List<double[]> parts = new ArrayList<>();
    List<Double> waits = new ArrayList<>();
    for (JobOutcome outcome : outcomes) {
      InstanceRecord instance = outcome.instanceId() == null ? null : byId.get(outcome.instanceId());
      Duration wait = waited.apply(outcome);
      if (wait == null || instance == null) {
        continue;
      }
      parts.add(split(outcome.queuedAt(), outcome.startedAt(), instance));
      waits.add(wait.toMillis() / 1000.0);
    }
    double p95 = Stats.percentile(waits, 95);
    List<double[]> slowest = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      if (waits.get(i) >= p95) {
        slowest.add(parts.get(i));
      }
    }
    return new SandboxReport.WaitParts(mean(parts), mean(slowest));
  }

  /** Seconds from queued to launched, to running, to online, to started. */
  static double[] split(Instant queued, Instant started, InstanceRecord instance) {
    Instant launched = clamp(instance.launchedAt(), queued, started);
    Instant running = clamp(instance.runningAt(), launched, started);
    Instant online = clamp(instance.onlineAt() == null ? started : instance.onlineAt(), running, started);
    return new double[] {seconds(queued, launched), seconds(launched, running), seconds(running, online),
        seconds(online, started)};
  }

  private static SandboxReport.WaitParts.Parts mean(List<double[]> parts) {
    double[] sum = new double[4];
    parts.forEach(p -> {
      for (int i = 0; i < 4; i++) {
        sum[i] += p[i];
      }
    });
    int n = Math.max(1, parts.size());
    return new SandboxReport.WaitParts.Parts(parts.size(), Stats.round(sum[0] / n, 1), Stats.round(sum[1] / n, 1),
        Stats.round(sum[2] / n, 1), Stats.round(sum[3] / n, 1));
  }

  private static Instant clamp(Instant t, Instant low, Instant high) {
    return t.isBefore(low) ? low : t.isAfter(high) ? high : t;
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
