package dev.ec2runner.simulator.bench;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.RunnerSettings;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.scenario.ScenarioLoader;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

  /**
   * A burst that fits under the cap: a trickle of one job a minute, 20 jobs at once at 1m and 15 more at 5m, on the
   * morning-burst example's pool (maxRunners 30).
   */
  static Scenario burstWithinCap() throws IOException {
    Scenario burst = example("morning-burst");
    Scenario.WorkloadStream stream = burst.workload().get(0);
    return new Scenario("burst-within-cap", Duration.ofMinutes(7), burst.bootTime(), burst.drainTimeout(),
        burst.pools(), List.of(new Scenario.WorkloadStream(stream.repository(), stream.labels(), 1,
            List.of(new Scenario.Burst(Duration.ofMinutes(1), 20), new Scenario.Burst(Duration.ofMinutes(5), 15)),
            stream.medianDuration(), stream.p95Duration())),
        burst.prices(), Scenario.Faults.NONE, Scenario.Strategy.OPERATOR, burst.seed(), burst.runnerGroups());
  }

  /** An example with arrivals for {@code duration} only: the same pool, rates and job durations, fewer jobs. */
  static Scenario shortened(Scenario example, Duration duration) {
    return new Scenario(example.name(), duration, example.bootTime(), example.drainTimeout(), example.pools(),
        example.workload(), example.prices(), example.faults(), example.strategy(), example.seed(),
        example.runnerGroups());
  }

  /**
   * A warm pool: five idle runners kept (minIdle), and bursts of four jobs every two minutes from 1m, each within
   * that warm capacity; the pool boots a replacement for every runner a job takes.
   */
  static Scenario warmPool() throws IOException {
    return ScenarioLoader.parse("""
        name: warm-pool
        duration: 8m
        bootTime: 40s
        drainTimeout: 20m
        seed: 5
        %s
        workload:
          - repository: bench/app
            labels: [self-hosted, bench]
            bursts: [{at: 1m, jobs: 4}, {at: 3m, jobs: 4}, {at: 5m, jobs: 4}, {at: 7m, jobs: 4}]
            jobDuration: {median: 1m, p95: 2m}
        """.formatted(pool("maxRunners: 20, minIdle: 5")), Path.of("."), "warm-pool");
  }

  /** A backlog: 200 jobs of about three minutes queued at once against a cap of 40, instances booting in 45 s. */
  static Scenario backlog() throws IOException {
    return ScenarioLoader.parse("""
        name: backlog
        duration: 1m
        bootTime: 45s
        drainTimeout: 40m
        seed: 13
        %s
        workload:
          - repository: bench/app
            labels: [self-hosted, bench]
            bursts: [{at: 5s, jobs: 200}]
            jobDuration: {median: 3m, p95: 4m}
        """.formatted(pool("maxRunners: 40")), Path.of("."), "backlog");
  }

  /** The benchmarks' one spot pool, of the organization {@code bench}, for jobs labelled {@code bench}. */
  private static String pool(String scaling) {
    return """
        pools:
          - apiVersion: ec2runner.dev/v1alpha1
            kind: RunnerPool
            metadata: {name: bench, namespace: bench}
            spec:
              github: {organization: bench, labels: [bench], appSecretRef: {name: app}}
              ec2: {region: eu-west-1, ami: {id: ami-0123456789abcdef0}, instanceTypes: [m7i.large],
                    capacityType: spot, subnets: [{id: subnet-0123456789abcdef0}]}
              scaling: {%s}""".formatted(scaling);
  }

  /**
   * The same scenario with runners kept after their job ({@code spec.runner.ephemeral: false}): run by the baseline,
   * it is the Lambda-based design's default mode (reused runners, scaled down only when idle).
   */
  static Scenario withReusedRunners(Scenario scenario) {
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<RunnerPool> pools = scenario.pools().stream().map(pool -> {
      RunnerPool copy = serialization.clone(pool);
      RunnerSettings runner = copy.getSpec().getRunner() == null ? new RunnerSettings() : copy.getSpec().getRunner();
      copy.getSpec().setRunner(runner.withEphemeral(false));
      return copy;
    }).toList();
    return new Scenario(scenario.name(), scenario.duration(), scenario.bootTime(), scenario.drainTimeout(), pools,
        scenario.workload(), scenario.prices(), scenario.faults(), scenario.strategy(), scenario.seed(),
        scenario.runnerGroups());
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
