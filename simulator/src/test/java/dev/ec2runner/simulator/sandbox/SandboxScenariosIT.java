package dev.ec2runner.simulator.sandbox;

import static dev.ec2runner.simulator.sandbox.SandboxAssertions.assertHealthy;
import static dev.ec2runner.simulator.sandbox.SandboxAssertions.assertWithinCapsAndClean;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.simulator.report.ReportText;
import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.scenario.ScenarioLoader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The built-in demo and every example scenario, run to completion by the real operator and receiver in compressed
 * time, each in a namespace of its own on the test JVM's API server. The speeds keep the whole class within about
 * three minutes on a busy two-core machine.
 */
class SandboxScenariosIT {

  private static final Path SCENARIOS = Path.of("..", "examples", "scenarios");

  @Test
  void theBuiltInDemoServesEveryJobWithinItsCapsAndFallsBackToOnDemandDuringTheOutage() throws Exception {
    Scenario demo;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(SandboxMain.DEMO)) {
      demo = ScenarioLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), Path.of("."), "demo");
    }
    RunResult run = operator(demo, 20);

    assertHealthy(run, demo);
    assertThat(demo.pools()).hasSize(2);
    // The arm64 burst lands while its spot capacity is out: those runners are on-demand.
    assertThat(run.report().spotShare()).as(ReportText.render(run.report())).isGreaterThan(0).isLessThan(1);
  }

  @Test
  void steady() throws Exception {
    Scenario steady = ScenarioLoader.load(SCENARIOS.resolve("steady.yaml"));
    assertHealthy(operator(steady, 60), steady);
  }

  @Test
  void morningBurstQueuesBehindTheCapWithoutExceedingIt() throws Exception {
    Scenario burst = ScenarioLoader.load(SCENARIOS.resolve("morning-burst.yaml"));
    // Slower than the others: the cap is reached only if 30 Runners are created before the burst's first jobs end
    // (about two simulated minutes), and every create is a request to the API server, on two busy cores.
    RunResult run = operator(burst, 30);

    assertHealthy(run, burst);
    assertThat(run.report().pools()).singleElement().satisfies(pool ->
        assertThat(pool.peakRunners()).isEqualTo(pool.maxRunners()));
  }

  @Test
  void longTail() throws Exception {
    Scenario longTail = ScenarioLoader.load(SCENARIOS.resolve("long-tail.yaml"));
    assertHealthy(operator(longTail, 60), longTail);
  }

  @Test
  void spotChaosKeepsTheCapLeaksNothingAndAccountsForEveryJob() throws Exception {
    Scenario chaos = ScenarioLoader.load(SCENARIOS.resolve("spot-chaos.yaml"));
    RunResult run = operator(chaos, 30);

    String text = ReportText.render(run.report()) + run.failedJobs();
    assertWithinCapsAndClean(run.report(), chaos);
    assertThat(run.operatorRestarts()).as(text).isPositive();
    assertThat(run.report().jobs().served() + run.failedJobs().size()).as(text)
        .isEqualTo(run.report().jobs().generated());
    assertThat(run.failedJobs()).as("every unserved job has a Warning Event saying why\n" + text)
        .allSatisfy(job -> assertThat(job.explained()).as(job.toString()).isTrue());
  }

  @Test
  void overlappingPoolsTakeEachOthersJobsYetTheXlJobsAreServed() throws Exception {
    Scenario overlapping = ScenarioLoader.load(SCENARIOS.resolve("overlapping-pools.yaml"));
    RunResult run = operator(overlapping, 30);

    String text = ReportText.render(run.report());
    assertHealthy(run, overlapping);
    assertThat(run.report().pools()).as(text).filteredOn(pool -> pool.name().equals("big")).singleElement()
        .satisfies(big -> assertThat(big.runnersTaken()).isPositive());
    assertThat(run.report().pools()).as(text).filteredOn(pool -> pool.name().equals("general")).singleElement()
        .satisfies(general -> assertThat(general.runnersTaken()).isZero());
    assertThat(text).contains("runners taken by other pools' jobs");
  }

  @Test
  void jobsOfARepositoryTheRunnerGroupDoesNotAdmitAreNotDemandAndTheOthersAreServed() throws Exception {
    Scenario groups = ScenarioLoader.load(SCENARIOS.resolve("runner-group-access.yaml"));
    RunResult run = operator(groups, 30);

    String text = ReportText.render(run.report()) + run.failedJobs();
    assertThat(run.report().leaks()).as(text).isEqualTo(new SandboxReport.Leaks(0, 0, 0));
    assertThat(run.report().pools()).as(text).allSatisfy(p -> assertThat(p.peakRunners()).isLessThanOrEqualTo(4));
    // The unassignable jobs stay queued, as they would on GitHub until its 24-hour limit.
    assertThat(run.report().invariantViolations()).as(text).singleElement().asString()
        .startsWith("the workload did not finish").contains("2 jobs still waiting");
    assertThat(run.report().jobs()).as(text).isEqualTo(new SandboxReport.Jobs(8, 6, 2));
    assertThat(run.report().notCountedAsDemand()).as(text)
        .isEqualTo(java.util.Map.of("RepositoryNotInRunnerGroup", 2));
    assertThat(run.failedJobs()).as(text).hasSize(2).allSatisfy(job -> {
      assertThat(job.repository()).isEqualTo("my-org/secret");
      assertThat(job.runnerName()).isNull();
      assertThat(job.events()).anySatisfy(e -> assertThat(e.reason()).isEqualTo("RepositoryNotInRunnerGroup"));
    });
    // One instance per served job: none was launched, or kept idle, for the jobs GitHub will never assign.
    assertThat(run.report().apiCalls().get("ec2")).as(text).containsEntry("CreateFleet", 6L);
    assertThat(text).contains("2 queued jobs no longer counted as demand: RepositoryNotInRunnerGroup");
  }

  private static RunResult operator(Scenario scenario, double speed) throws Exception {
    SandboxResult result = SandboxRun.of(scenario, SharedServer.atSpeed(speed)
        .withStrategy(Scenario.Strategy.OPERATOR)).run();
    assertThat(result.runs()).singleElement().satisfies(run ->
        assertThat(run.report().strategy()).isEqualTo("operator"));
    return result.runs().get(0);
  }
}
