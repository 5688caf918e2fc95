package dev.ec2runner.simulator.bench;

import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.sandbox.SandboxOptions;
import dev.ec2runner.simulator.sandbox.SandboxRun;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.world.JobOutcome;
import dev.ec2runner.simulator.world.SimulatedWorld;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a scenario with the operator until every planned job has started, then stops the run: every wait is known by
 * then, and the drain (the longest jobs running out) would only add real time.
 */
final class UntilAllStarted {

  /** The world as the run left it (readable after it stopped) and its report as of the last start. */
  record Outcome(SimulatedWorld world, SandboxReport report) {
  }

  private UntilAllStarted() {
  }

  static Outcome run(Scenario scenario, double speed) throws Exception {
    AtomicReference<SimulatedWorld> world = new AtomicReference<>();
    SandboxRun sandbox = SandboxRun.of(scenario, SandboxOptions.atSpeed(speed)
        .withStrategy(Scenario.Strategy.OPERATOR).withInstrumentation(w -> {
          world.set(w);
          return w.cloudApi();
        }));
    BackgroundRun run = BackgroundRun.start(sandbox);
    while (run.alive() && !allStarted(world.get())) {
      Thread.sleep(500);
    }
    List<SandboxReport> reports = sandbox.reportSoFar();
    run.stop();
    if (world.get() == null || reports.isEmpty()) {
      throw new IllegalStateException("the run of " + scenario.name() + " ended before its world started");
    }
    return new Outcome(world.get(), reports.get(reports.size() - 1));
  }

  private static boolean allStarted(SimulatedWorld world) {
    return world != null && world.workload().allQueued()
        && world.jobOutcomes().stream().map(JobOutcome::startedAt).allMatch(Objects::nonNull);
  }
}
