package dev.ec2runner.simulator.scenario;

import dev.ec2runner.simulator.scenario.Scenario.Burst;
import dev.ec2runner.simulator.scenario.Scenario.WorkloadStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a scenario's workload streams into the concrete jobs of one run: Poisson arrivals, bursts, and lognormal
 * job durations fitted to the stream's median and 95th percentile. The same seed gives the same jobs.
 */
public final class WorkloadGenerator {

  /** The standard normal quantile at 0.95: p95 = median · e^(1.645·σ) for a lognormal. */
  private static final double Z95 = 1.6448536269514722;

  private WorkloadGenerator() {
  }

  public static List<PlannedJob> generate(List<WorkloadStream> streams, Duration duration, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Arrival> arrivals = new ArrayList<>();
    for (WorkloadStream stream : streams) {
      SplittableRandom streamRandom = random.split();
      poissonArrivals(stream, duration, streamRandom, arrivals);
      for (Burst burst : stream.bursts()) {
        for (int i = 0; i < burst.jobs(); i++) {
          arrivals.add(new Arrival(burst.at(), stream, runtime(stream, streamRandom)));
        }
      }
    }
    arrivals.sort(Comparator.comparing(Arrival::at));
    List<PlannedJob> jobs = new ArrayList<>(arrivals.size());
    for (Arrival a : arrivals) {
      jobs.add(new PlannedJob(jobs.size() + 1, a.at(), a.stream().repository(), a.stream().labels(), a.runtime()));
    }
    return jobs;
  }

  private static void poissonArrivals(WorkloadStream stream, Duration duration, SplittableRandom random,
      List<Arrival> out) {
    if (stream.arrivalsPerMinute() <= 0) {
      return;
    }
    double meanGapMillis = 60_000.0 / stream.arrivalsPerMinute();
    double t = 0;
    while (true) {
      t += -Math.log(1 - random.nextDouble()) * meanGapMillis;
      if (t >= duration.toMillis()) {
        return;
      }
      out.add(new Arrival(Duration.ofMillis((long) t), stream, runtime(stream, random)));
    }
  }

  static Duration runtime(WorkloadStream stream, SplittableRandom random) {
    double median = stream.medianDuration().toMillis();
    double sigma = Math.log(stream.p95Duration().toMillis() / Math.max(1, median)) / Z95;
    double millis = median * Math.exp(sigma * gaussian(random));
    return Duration.ofMillis(Math.max(1000, Math.round(millis)));
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian before Java 17's RandomGenerator default.
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private record Arrival(Duration at, WorkloadStream stream, Duration runtime) {
  }
}
