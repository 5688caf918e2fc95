package dev.ec2runner.simulator.sandbox;

import static dev.ec2runner.simulator.sandbox.SandboxAssertions.assertHealthy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.simulator.report.ReportText;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.scenario.ScenarioLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a sandbox run does beyond serving jobs: cleaning up kept runners, restarting the operator, comparing. */
class SandboxRunIT {

  private static final String SCENARIO = """
      name: small
      duration: 2m
      bootTime: 20s
      drainTimeout: 10m
      seed: 5
      pools:
        - apiVersion: ec2runner.dev/v1alpha1
          kind: RunnerPool
          metadata: {name: warm}
          spec:
            github: {organization: acme, labels: [docker], appSecretRef: {name: app}}
            ec2: {region: eu-west-1, ami: {id: ami-0123456789abcdef0}, instanceTypes: [m7i.large],
                  capacityType: spot, subnets: [{id: subnet-0123456789abcdef0}]}
            scaling: {maxRunners: 6, minIdle: MIN_IDLE}
      workload:
        - repository: acme/app
          labels: [self-hosted, docker]
          arrivalsPerMinute: 4
          jobDuration: {median: 30s, p95: 60s}
      prices:
        m7i.large: {spot: 0.04, on-demand: 0.10}
      FAULTS
      """;

  @Test
  void runnersKeptWarmAreRemovedByTheOperatorWhenTheSandboxDeletesThePoolsAtTheEnd() throws Exception {
    Scenario scenario = scenario(1, "");
    RunResult run = SandboxRun.of(scenario, SharedServer.atSpeed(20)).run().runs().get(0);

    assertHealthy(run, scenario);
    String text = ReportText.render(run.report());
    // The warm runner served jobs at once, and idled until the end, when the pool was deleted to let the operator
    // clean it up: well within the drain timeout.
    assertThat(run.report().waitSeconds().p50()).as(text).isLessThan(scenario.bootTime().toSeconds());
    assertThat(run.report().idleInstanceMinutes()).as(text).isPositive();
    assertThat(run.report().simulatedSeconds()).as(text)
        .isLessThan(scenario.duration().plus(scenario.drainTimeout()).toSeconds());
    assertThat(run.report().apiCalls().get("ec2")).containsKey("TerminateInstances");
  }

  @Test
  void anOperatorRestartedEveryFortySimulatedSecondsStillServesEveryJob() throws Exception {
    Scenario scenario = scenario(0, "faults: {operatorRestartEvery: 40s}");
    RunResult run = SandboxRun.of(scenario, SharedServer.atSpeed(20)).run().runs().get(0);

    assertHealthy(run, scenario);
    assertThat(run.operatorRestarts()).isGreaterThanOrEqualTo(2);
    // Each fresh operator gets fresh GitHub clients, so a token (valid for an hour) is asked for again; not by every
    // one of them: restarted every two real seconds, an operator can be stopped before its informers have synced
    // with the API server and it has called GitHub at all.
    assertThat(run.report().apiCalls().get("github").get("POST /app/installations/{installation_id}/access_tokens"))
        .isGreaterThanOrEqualTo(2L);
  }

  @Test
  void aComparisonRunsTheOperatorThenTheBaselineOnTheSameJobs() throws Exception {
    Scenario scenario = scenario(0, "");
    SandboxResult result = SandboxRun.of(scenario, SharedServer.atSpeed(30)
        .withStrategy(Scenario.Strategy.COMPARE)).run();

    assertThat(result.runs()).extracting(r -> r.report().strategy()).containsExactly("operator", "baseline");
    RunResult operator = result.runs().get(0);
    RunResult baseline = result.runs().get(1);
    assertHealthy(operator, scenario);
    assertThat(baseline.report().jobs()).isEqualTo(operator.report().jobs());
    // The baseline waits out its 30 s queue delay before it launches anything.
    assertThat(baseline.report().waitSeconds().p50()).isGreaterThanOrEqualTo(30 + 20);
    Comparison comparison = result.comparison();
    assertThat(comparison.jobWaitP95Seconds().operator()).isEqualTo(operator.report().waitSeconds().p95());
    assertThat(comparison.jobWaitP95Seconds().baseline()).isEqualTo(baseline.report().waitSeconds().p95());
    assertThat(comparison.jobWaitP95Seconds().ratio()).isCloseTo(
        operator.report().waitSeconds().p95() / baseline.report().waitSeconds().p95(),
        org.assertj.core.data.Offset.offset(0.001));
    assertThat(comparison.costPerJob().ratio()).isNotNull().isPositive();
  }

  private static Scenario scenario(int minIdle, String faults) throws Exception {
    return ScenarioLoader.parse(SCENARIO.replace("MIN_IDLE", Integer.toString(minIdle)).replace("FAULTS", faults),
        Path.of("."), "small");
  }
}
