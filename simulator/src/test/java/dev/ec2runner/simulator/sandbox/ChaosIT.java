package dev.ec2runner.simulator.sandbox;

import static dev.ec2runner.simulator.sandbox.SandboxAssertions.assertWithinCapsAndClean;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.bootstrap.fake.JobRun;
import dev.ec2runner.operator.github.fake.ApiCall;
import dev.ec2runner.simulator.report.ReportText;
import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.scenario.ScenarioLoader;
import dev.ec2runner.simulator.world.SimulatedWorld;
import dev.ec2runner.testkit.kube.KubeApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chaos run: about a thousand jobs scaled by the real operator and receiver in compressed time while the
 * operator is restarted, API calls fail, capacity runs out, spot instances are reclaimed, webhooks are lost and
 * GitHub's busy flag lags. Every invariant must hold and every kind of fault must really have happened.
 *
 * <p>{@code -Dchaos.scenario=FILE} and {@code -Dchaos.speed=N} run a longer soak by hand; the figures are written
 * to {@code target/chaos/<scenario>.txt}.
 */
class ChaosIT {

  private static final Path SCENARIO = Path.of("..", "examples", "scenarios", "chaos.yaml");
  /** 20 simulated minutes plus the drain in about a minute and a half of real time on two busy cores. */
  private static final double SPEED = 20;
  /** How long GitHub keeps reporting a runner idle after it took a job (simulated). */
  private static final Duration BUSY_FLAG_LAG = Duration.ofSeconds(20);
  private static final int GITHUB_SERVER_ERROR = 502;
  /** What the simulated GitHub answers a throttled call (with {@code retry-after}). */
  private static final int GITHUB_SECONDARY_LIMIT = 403;

  @Test
  void everyInvariantHoldsWhileEveryKindOfFaultIsInjected() throws Exception {
    Path file = Path.of(System.getProperty("chaos.scenario", SCENARIO.toString()));
    double speed = Double.parseDouble(System.getProperty("chaos.speed", Double.toString(SPEED)));
    Scenario scenario = ScenarioLoader.load(file);
    KubernetesTarget.ExistingCluster cluster = SharedServer.target();

    RunResult run;
    SimulatedWorld world;
    long runnerChanges;
    CloudFaultCounts cloudFaults;
    long began = System.nanoTime();
    try (ChaosInstrumentation chaos = new ChaosInstrumentation(BUSY_FLAG_LAG, KubeApiServer.shared().adminClient(),
        cluster.namespace())) {
      SandboxResult result = SandboxRun.of(scenario, SandboxOptions.atSpeed(speed)
          .withStrategy(Scenario.Strategy.OPERATOR).withKubernetes(cluster).withInstrumentation(chaos)).run();
      assertThat(result.runs()).hasSize(1);
      run = result.runs().get(0);
      world = chaos.world();
      runnerChanges = chaos.runnerChanges();
      cloudFaults = chaos.cloudFaults();
    }
    Duration real = Duration.ofNanos(System.nanoTime() - began);

    SandboxReport report = run.report();
    List<String> interrupted = world.faults().interrupted();
    List<JobRun> jobRuns = world.agents().jobRuns();
    long githubErrors = world.github().calls().all().stream().map(ApiCall::status)
        .filter(status -> status == GITHUB_SERVER_ERROR).count();
    long githubThrottled = world.github().calls().all().stream().map(ApiCall::status)
        .filter(status -> status == GITHUB_SECONDARY_LIMIT).count();
    long lostDeliveries = world.github().deliveries().stream()
        .filter(delivery -> "failed to connect".equals(delivery.status())).count();
    long killed = jobRuns.stream().filter(JobRun::killed).count();
    String figures = String.join("\n",
        "scenario " + scenario.name() + " (" + file + ") at speed " + speed,
        "real " + real.toSeconds() + "s, simulated " + Math.round(report.simulatedSeconds()) + "s",
        "jobs generated " + report.jobs().generated() + ", served " + report.jobs().served() + ", failed "
            + report.jobs().failed() + ", reported in Events " + run.failedJobs().size(),
        "job attempts " + jobRuns.size() + ", killed " + killed + " (all on reclaimed spot instances)",
        "faults: operator restarts " + run.operatorRestarts() + ", spot interruptions " + interrupted.size()
            + ", EC2/SSM server errors " + cloudFaults.serverErrors.get() + " of " + cloudFaults.calls.get()
            + " calls, EC2/SSM throttled " + cloudFaults.throttled.get()
            + ", insufficient capacity " + cloudFaults.insufficientCapacity.get()
            + ", GitHub server errors " + githubErrors + " and secondary rate limits " + githubThrottled + " of "
            + world.github().calls().all().size()
            + " calls, webhook deliveries lost " + lostDeliveries + " of " + world.github().deliveries().size()
            + ", busy flag lag " + BUSY_FLAG_LAG.toSeconds() + "s",
        "checks: Runner changes checked against maxRunners " + runnerChanges + ", job attempts checked for busy"
            + " kills " + jobRuns.size() + ", jobs checked served or reported " + report.jobs().generated()
            + ", pool peaks " + report.pools(),
        "leaks " + report.leaks(),
        "violations " + report.invariantViolations());
    Files.createDirectories(Path.of("target", "chaos"));
    Files.writeString(Path.of("target", "chaos", scenario.name() + ".txt"), figures + "\n");
    String text = figures + "\n" + ReportText.render(report) + run.failedJobs();

    assertThat(report.jobs().generated()).as(text).isGreaterThanOrEqualTo(1_000);
    // Caps (every Runner change), busy kills, leaks of instances, SSM parameters and registrations.
    assertWithinCapsAndClean(report, scenario);
    assertThat(runnerChanges).as(text).isGreaterThan(report.jobs().generated());
    assertThat(world.github().killedJobs()).as(text).isEmpty();
    Set<String> reclaimed = Set.copyOf(interrupted);
    assertThat(jobRuns).as(text).filteredOn(JobRun::killed)
        .allSatisfy(attempt -> assertThat(reclaimed).contains(attempt.instanceId()));
    // Every job served, or named in an Event that says why.
    assertThat(report.jobs().served() + run.failedJobs().size()).as(text).isEqualTo(report.jobs().generated());
    assertThat(run.failedJobs()).as(text).allSatisfy(job -> assertThat(job.explained()).as(job.toString()).isTrue());
    // The faults really happened.
    assertThat(run.operatorRestarts()).as(text).isPositive();
    assertThat(interrupted).as(text).isNotEmpty();
    assertThat(killed).as(text).isPositive();
    assertThat(cloudFaults.serverErrors.get()).as(text).isPositive();
    assertThat(cloudFaults.insufficientCapacity.get()).as(text).isPositive();
    assertThat(githubErrors).as(text).isPositive();
    assertThat(cloudFaults.throttled.get()).as(text).isPositive();
    assertThat(githubThrottled).as(text).isPositive();
    assertThat(lostDeliveries).as(text).isPositive();
  }
}
