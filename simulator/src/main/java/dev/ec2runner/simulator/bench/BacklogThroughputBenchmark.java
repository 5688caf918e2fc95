package dev.ec2runner.simulator.bench;

import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.world.SimulatedWorld;
import dev.ec2runner.simulator.world.SlotUse;
import java.util.Locale;

/**
 * Throughput under a backlog: 200 jobs of about three minutes queued at once against a pool capped at
 * 40, instances booting in 45 s. While jobs wait, how much of the cap runs jobs (busy runner-minutes ÷ (cap ×
 * minutes while jobs wait)), against job ÷ (job + boot), and where the rest goes. Run it from the repository's root.
 *
 * <pre>java -cp simulator/target/ec2-runner-sandbox.jar dev.ec2runner.simulator.bench.BacklogThroughputBenchmark
 *     [SPEED]</pre>
 */
public final class BacklogThroughputBenchmark {

  private BacklogThroughputBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    double speed = args.length > 0 ? Double.parseDouble(args[0]) : 2;
    Scenario scenario = BenchScenarios.backlog();
    int cap = scenario.pools().get(0).getSpec().getScaling().getMaxRunners();
    UntilAllStarted.Outcome outcome = UntilAllStarted.run(scenario, speed);
    SimulatedWorld world = outcome.world();
    SlotUse use = SlotUse.of(cap, world.jobOutcomes(), world.agents().jobRuns(), world.instances());
    double ideal = use.ideal(scenario.bootTime());
    System.out.printf(Locale.ROOT, "speed %s, %d jobs, cap %d, boot %ds: jobs waited for %.1f minutes%n", speed,
        outcome.report().jobs().generated(), cap, scenario.bootTime().toSeconds(), use.windowMinutes());
    System.out.printf(Locale.ROOT, "busy share %.3f (target ≥ job ÷ (job + boot) − 0.05 = %.3f − 0.05 = %.3f;"
        + " mean job %.0fs)%n", use.busy(), ideal, ideal - 0.05, use.meanJobSeconds());
    System.out.printf(Locale.ROOT, "the rest: boot %.3f, runner start and assignment %.3f, between runners (teardown"
        + " and reaction) %.3f%n", use.boot(), use.runnerStart(), use.rest());
    System.exit(0);
  }
}
