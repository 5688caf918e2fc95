package dev.ec2runner.simulator.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.scenario.ScenarioLoader;
import dev.ec2runner.simulator.world.JobOutcome;
import dev.ec2runner.simulator.world.SimulatedWorld;
import dev.ec2runner.simulator.world.WorldOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Lambda-based design's default mode on a stepped world: runners are kept after their job, take the next queued
 * job themselves (the scale-up Lambda then finds the job no longer queued and launches nothing), and go only when a
 * scale-down run (every 5 minutes) finds them idle and running for at least the minimum running time.
 */
class ReusedRunnersTest {

  @Test
  void keptRunnersServeLaterJobsAndStayUntilAScaleDownFindsThemIdlePastTheMinimumRunningTime() throws Exception {
    Scenario scenario = ScenarioLoader.parse("""
        name: baseline-reused
        duration: 4m
        bootTime: 30s
        pools:
          - apiVersion: ec2runner.dev/v1alpha1
            kind: RunnerPool
            metadata: {name: linux, namespace: ci}
            spec:
              github: {organization: acme, labels: [docker], appSecretRef: {name: app}}
              ec2: {region: eu-west-1, ami: {id: ami-0123456789abcdef0}, instanceTypes: [m7i.large],
                    capacityType: spot, subnets: [{id: subnet-0123456789abcdef0}]}
              runner: {ephemeral: false}
              scaling: {maxRunners: 10}
        workload:
          - repository: acme/app
            labels: [self-hosted, docker]
            bursts: [{at: 0s, jobs: 2}, {at: 3m, jobs: 2}]
            jobDuration: {median: 60s, p95: 60s}
        """, Path.of("."), "test");

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
}
