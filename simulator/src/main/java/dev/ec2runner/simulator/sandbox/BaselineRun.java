package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.simulator.baseline.BaselineSettings;
import dev.ec2runner.simulator.baseline.LambdaBaselineScaler;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.world.SimulatedWorld;
import dev.ec2runner.simulator.world.WorldOptions;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A scenario scaled by the model of the Lambda-based design, at the run's speed, with the original's defaults
 * (30 s queue delay, scale-down every 5 minutes) and the pools' runner kind (ephemeral unless every pool says
 * otherwise), so that both strategies serve jobs the same way.
 */
final class BaselineRun {

  private BaselineRun() {
  }

  static RunResult run(Scenario scenario, SandboxOptions options, Consumer<SimulatedWorld> started)
      throws IOException, InterruptedException {
    try (SimulatedWorld world = SimulatedWorld.create(scenario, WorldOptions.realTime(options.speed()));
        LambdaBaselineScaler baseline = attach(world, settings(scenario))) {
      world.start();
      started.accept(world);
      RunLoop loop = new RunLoop(world, "baseline", options, () -> "");
      Instant deadline = world.startedAt().plus(scenario.duration()).plus(scenario.drainTimeout());
      boolean done = loop.waitUntil("workload", world::workloadDone, deadline);
      if (done) {
        loop.waitUntil("draining", () -> OperatorRun.noLeaks(world), deadline);
      }
      List<String> violations = new ArrayList<>(JobChecks.busyInstancesTerminated(world.agents().jobRuns(),
          world.faults().interrupted(), world.github().killedJobs()));
      if (!done) {
        violations.add(OperatorRun.unfinished(world, scenario));
      }
      return new RunResult(world.report("baseline", violations), List.of(), 0, ApiWrites.NONE);
    }
  }

  static BaselineSettings settings(Scenario scenario) {
    boolean ephemeral = scenario.pools().stream().anyMatch(pool -> pool.getSpec().getRunner() == null
        || !Boolean.FALSE.equals(pool.getSpec().getRunner().getEphemeral()));
    return BaselineSettings.defaults().withEphemeral(ephemeral);
  }

  private static LambdaBaselineScaler attach(SimulatedWorld world, BaselineSettings settings) throws IOException {
    try {
      return LambdaBaselineScaler.attach(world, settings);
    } catch (GitHubException e) {
      throw new IllegalStateException("the baseline could not use the world's GitHub App: " + e.getMessage(), e);
    }
  }
}
