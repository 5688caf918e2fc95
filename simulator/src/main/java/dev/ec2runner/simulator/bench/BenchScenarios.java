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
   * One pool with room for every job, jobs arriving at {@code perSecond} for {@code seconds}, and instances that
   * take half an hour to boot: nothing but webhooks and launches happens while the scale-up is measured.
   */
  static Scenario arrivals(double perSecond, int seconds, long seed) throws IOException {
    return ScenarioLoader.parse("""
        name: scale-up-%s-per-second
        duration: %ds
        bootTime: 30m
        drainTimeout: 1m
        seed: %d
        pools:
          - apiVersion: ec2runner.dev/v1alpha1
            kind: RunnerPool
            metadata: {name: bench, namespace: bench}
            spec:
              github: {organization: bench, labels: [bench], appSecretRef: {name: app}}
              ec2: {region: eu-west-1, ami: {id: ami-0123456789abcdef0}, instanceTypes: [m7i.large],
                    capacityType: spot, subnets: [{id: subnet-0123456789abcdef0}]}
              scaling: {maxRunners: 10000}
        workload:
          - repository: bench/app
            labels: [self-hosted, bench]
            arrivalsPerMinute: %s
            jobDuration: {median: 1m, p95: 1m}
        """.formatted(format(perSecond), seconds, seed, format(perSecond * 60)), Path.of("."), "scale-up");
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
