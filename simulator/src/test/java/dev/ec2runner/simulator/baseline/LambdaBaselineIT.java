package dev.ec2runner.simulator.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.operator.cloud.CloudInstance;
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

  /**
   * The original's default mode: runners are kept after their job, take the next queued job themselves (the
   * scale-up Lambda then finds the job no longer queued and launches nothing), and go only when a scale-down run
   * (every 5 minutes) finds them idle and running for at least the minimum running time.
   */
  @Test
  void keptRunnersServeLaterJobsAndStayUntilAScaleDownFindsThemIdlePastTheMinimumRunningTime() throws Exception {
    Scenario scenario = scenario("""
        name: baseline-reused
        duration: 4m
        bootTime: 30s
        pools:
        %s
        workload:
          - repository: acme/app
            labels: [self-hosted, docker]
            bursts: [{at: 0s, jobs: 2}, {at: 3m, jobs: 2}]
            jobDuration: {median: 60s, p95: 60s}
        """.formatted(POOL.replace("MAX", "10")));

    try (SimulatedWorld world = SimulatedWorld.create(scenario, WorldOptions.stepped());
        LambdaBaselineScaler baseline = LambdaBaselineScaler.attach(world, BaselineSettings.defaults())) {
      world.start();
      // The first jobs wait for the 30 s queue delay and a 30 s boot, run a minute and end near 2m; the runners stay
      // and take the jobs queued at 3m at once. The scale-down at 5m finds them idle but launched 4.5 minutes ago.
      world.advance(Duration.ofMinutes(9));

      assertThat(world.jobOutcomes()).allMatch(JobOutcome::served);
      assertThat(baseline.counters().launches()).isEqualTo(2);
      assertThat(baseline.counters().skippedNotQueued()).as("the later jobs' events, checked after the delay")
          .isEqualTo(2);
      assertThat(world.jobOutcomes().stream()
          .filter(o -> o.queuedAt().isAfter(world.startedAt().plus(Duration.ofMinutes(2)))).map(JobOutcome::waited))
          .hasSize(2).allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(Duration.ofSeconds(2)));
      assertThat(live(world)).as("idle since about 4m, still kept at 9m").isEqualTo(2);
      assertThat(baseline.counters().runnersRemoved()).isZero();

      world.advance(Duration.ofMinutes(2));

      assertThat(baseline.counters().runnersRemoved()).as("by the scale-down at 10m").isEqualTo(2);
      assertThat(live(world)).isZero();
      SandboxReport report = baseline.report();
      assertThat(report.leaks()).isEqualTo(new SandboxReport.Leaks(0, 0, 0));
      // Two instances billed from about 1m until terminated after 10m, busy two minutes each: about 7 idle minutes
      // each (the ephemeral mode would have left them about half a minute: boot to job, and shutting down).
      assertThat(report.idleInstanceMinutes()).isBetween(13.5, 14.6);
    }
  }

  private static long live(SimulatedWorld world) {
    return world.cloud().allInstances().stream().map(CloudInstance::state).filter(s -> !s.isGone()).count();
  }

  private static Scenario scenario(String yaml) throws Exception {
    return ScenarioLoader.parse(yaml, Path.of("."), "test");
  }
}
