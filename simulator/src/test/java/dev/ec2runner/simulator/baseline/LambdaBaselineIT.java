package dev.ec2runner.simulator.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.simulator.report.ReportText;
import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.scenario.ScenarioLoader;
import dev.ec2runner.simulator.world.JobOutcome;
import dev.ec2runner.simulator.world.SimulatedWorld;
import dev.ec2runner.simulator.world.WorldOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The model of the Lambda-based design scaling a whole simulated world. */
class LambdaBaselineIT {

  private static final String POOL = """
        - apiVersion: ec2runner.dev/v1alpha1
          kind: RunnerPool
          metadata: {name: linux, namespace: ci}
          spec:
            github: {organization: acme, labels: [docker], appSecretRef: {name: app}}
            ec2: {region: eu-west-1, ami: {id: ami-0123456789abcdef0}, instanceTypes: [m7i.large],
                  capacityType: spot, subnets: [{id: subnet-0123456789abcdef0}]}
            scaling: {maxRunners: MAX}
      """;

  @Test
  void aSmallRunInCompressedTimeServesEveryJobAndReportsIt() throws Exception {
    Scenario scenario = scenario("""
        name: baseline-small
        duration: 3m
        bootTime: 30s
        pools:
        %s
        workload:
          - repository: acme/app
            labels: [self-hosted, linux, docker]
            arrivalsPerMinute: 3
            jobDuration: {median: 1m, p95: 2m}
        prices:
          m7i.large: {spot: 0.04, on-demand: 0.1}
        seed: 7
        """.formatted(POOL.replace("MAX", "10")));

    try (SimulatedWorld world = SimulatedWorld.create(scenario, WorldOptions.realTime(60));
        LambdaBaselineScaler baseline = LambdaBaselineScaler.attach(world, BaselineSettings.defaults())) {
      world.start();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(world::workloadDone);
      SandboxReport report = baseline.report();

      int planned = world.workload().planned().size();
      assertThat(planned).isPositive();
      assertThat(report.strategy()).isEqualTo("baseline");
      assertThat(report.jobs().generated()).isEqualTo(planned);
      assertThat(report.jobs().served()).isEqualTo(planned);
      assertThat(report.jobs().failed()).isZero();
      // Nothing starts before the 30 s queue delay and the 30 s boot have passed.
      assertThat(report.waitSeconds().max()).isGreaterThanOrEqualTo(60);
      assertThat(report.waitSeconds().p50()).isLessThanOrEqualTo(report.waitSeconds().p95());
      assertThat(report.instanceMinutes()).isPositive();
      assertThat(report.idleInstanceMinutes()).isPositive().isLessThan(report.instanceMinutes());
      assertThat(report.spotShare()).isEqualTo(1.0);
      assertThat(report.estimatedCost()).isPositive();
      assertThat(report.apiCalls().get("ec2")).containsKeys("CreateFleet", "DescribeInstances");
      assertThat(report.apiCalls().get("ssm")).containsKey("PutParameter");
      assertThat(report.apiCalls().get("github"))
          .containsKeys("POST /orgs/{org}/actions/runners/registration-token",
              "GET /repos/{owner}/{repo}/actions/jobs/{job_id}");
      assertThat(report.pools()).singleElement().satisfies(pool -> {
        assertThat(pool.maxRunners()).isEqualTo(10);
        assertThat(pool.peakRunners()).isBetween(1, 10);
      });
      assertThat(baseline.counters().eventsAccepted()).isEqualTo(planned);
      assertThat(baseline.counters().launches()).isPositive();
      assertThat(world.jobOutcomes()).allSatisfy(outcome -> {
        assertThat(outcome.served()).isTrue();
        assertThat(outcome.instanceId()).startsWith("i-");
      });
      assertThat(ReportText.render(report)).contains("baseline-small (baseline)");
    }
  }

  @Test
  void aBurstPushesTheFleetPastMaxRunnersBecauseConcurrentBatchesCountTheSameRunners() throws Exception {
    Scenario scenario = scenario("""
        name: baseline-burst
        duration: 1m
        bootTime: 30s
        pools:
        %s
        workload:
          - repository: acme/app
            labels: [self-hosted, docker]
            arrivalsPerMinute: 0
            bursts: [{at: 10s, jobs: 20}]
            jobDuration: {median: 2m, p95: 2m}
        """.formatted(POOL.replace("MAX", "5")));

    try (SimulatedWorld world = SimulatedWorld.create(scenario, WorldOptions.stepped());
        LambdaBaselineScaler baseline = LambdaBaselineScaler.attach(world, BaselineSettings.defaults())) {
      world.start();
      world.advance(Duration.ofMinutes(15));
      SandboxReport report = baseline.report();

      assertThat(baseline.counters().launches()).isEqualTo(20);
      assertThat(baseline.counters().skippedAtMaximum()).isZero();
      assertThat(report.pools()).singleElement().satisfies(pool -> {
        assertThat(pool.maxRunners()).isEqualTo(5);
        assertThat(pool.peakRunners()).isEqualTo(20);
      });
      assertThat(report.invariantViolations()).anySatisfy(v -> assertThat(v).contains("above maxRunners 5"));
      assertThat(report.healthy()).isFalse();
      assertThat(report.jobs().served()).isEqualTo(20);
    }
  }

  @Test
  void ephemeralRunnersServeOneJobEachWithJitConfigsAndLeaveNothingBehind() throws Exception {
    Scenario scenario = scenario("""
        name: baseline-ephemeral
        duration: 2m
        bootTime: 30s
        pools:
        %s
        workload:
          - repository: acme/app
            labels: [self-hosted, docker]
            arrivalsPerMinute: 0
            bursts: [{at: 0s, jobs: 3}, {at: 1m, jobs: 2}]
            jobDuration: {median: 90s, p95: 90s}
        """.formatted(POOL.replace("MAX", "10")));

    try (SimulatedWorld world = SimulatedWorld.create(scenario, WorldOptions.stepped());
        LambdaBaselineScaler baseline = LambdaBaselineScaler.attach(world,
            BaselineSettings.defaults().withEphemeral(true))) {
      world.start();
      world.advance(Duration.ofMinutes(6));
      SandboxReport report = baseline.report();

      assertThat(report.jobs().served()).isEqualTo(5);
      assertThat(world.jobOutcomes()).extracting(JobOutcome::instanceId).doesNotHaveDuplicates();
      assertThat(report.apiCalls().get("github"))
          .containsEntry("POST /orgs/{org}/actions/runners/generate-jitconfig", 5L)
          .doesNotContainKey("GET /repos/{owner}/{repo}/actions/jobs/{job_id}");
      assertThat(report.leaks()).isEqualTo(new SandboxReport.Leaks(0, 0, 0));
      assertThat(report.healthy()).isTrue();
      // Each job waited for the queue delay and a boot: 30 s + 30 s, give or take the one-second ticks.
      assertThat(report.waitSeconds().p50()).isBetween(60.0, 63.0);
    }
  }

  private static Scenario scenario(String yaml) throws Exception {
    return ScenarioLoader.parse(yaml, Path.of("."), "test");
  }
}
