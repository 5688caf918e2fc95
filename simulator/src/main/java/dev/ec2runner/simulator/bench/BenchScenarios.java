package dev.ec2runner.simulator.bench;

import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Path;

/** Scenarios built for the benchmarks, and the example scenarios they reuse. */
final class BenchScenarios {

  static final Path EXAMPLES = Path.of("examples", "scenarios");

  private BenchScenarios() {
  }

  /**
   * {@code pools} pools with room for every job (each its own label), jobs arriving at {@code perSecond} in all
   * (spread evenly over the pools) for {@code seconds}, and instances that take half an hour to boot: nothing but
   * webhooks and launches happens while the scale-up is measured.
   */
  static Scenario arrivals(double perSecond, int seconds, int pools, long seed) throws IOException {
    StringBuilder yaml = new StringBuilder("""
        name: scale-up-%s-per-second
        duration: %ds
        bootTime: 30m
        drainTimeout: 1m
        seed: %d
        pools:
        """.formatted(format(perSecond), seconds, seed));
    for (int i = 1; i <= pools; i++) {
      yaml.append("""
            - apiVersion: ec2runner.dev/v1alpha1
              kind: RunnerPool
              metadata: {name: %1$s, namespace: bench}
              spec:
                github: {organization: bench, labels: [%1$s], appSecretRef: {name: app}}
                ec2: {region: eu-west-1, ami: {id: ami-0123456789abcdef0}, instanceTypes: [m7i.large],
                      capacityType: spot, subnets: [{id: subnet-0123456789abcdef0}]}
                scaling: {maxRunners: 10000}
          """.formatted(poolName(i, pools)));
    }
    yaml.append("workload:\n");
    for (int i = 1; i <= pools; i++) {
      yaml.append("""
            - repository: bench/app
              labels: [self-hosted, %s]
              arrivalsPerMinute: %s
              jobDuration: {median: 1m, p95: 1m}
          """.formatted(poolName(i, pools), format(perSecond * 60 / pools)));
    }
    return ScenarioLoader.parse(yaml.toString(), Path.of("."), "scale-up");
  }

  private static String poolName(int index, int pools) {
    return pools == 1 ? "bench" : "bench-%02d".formatted(index);
  }

  /** The scenario file of an example, from the repository's root. */
  static Scenario example(String name) throws IOException {
    Path file = EXAMPLES.resolve(name + ".yaml");
    if (!file.toFile().exists()) {
      throw new IllegalStateException(file.toAbsolutePath() + " not found: run the benchmarks from the repository's"
          + " root directory");
    }
    return ScenarioLoader.load(file);
  }

  private static String format(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
