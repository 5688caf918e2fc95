package dev.ec2runner.simulator.bench;

import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.scenario.Scenario;
import dev.ec2runner.simulator.world.SimulatedWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Job wait (queued → started) with the operator at a low speed, where its own reaction does not
 * inflate the waits: the steady and long-tail examples (arrivals for 5 minutes), a burst within the cap and a warm
 * pool. Each run stops when its last job has started; the waits are those of every job (finished or still running).
 * Prints each wait's parts along the serving instance's timeline.
 * Run it from the repository's root.
 *
 * <pre>java -cp simulator/target/ec2-runner-sandbox.jar dev.ec2runner.simulator.bench.JobWaitBenchmark
 *     [SPEED] [SCENARIO...]</pre>
 */
public final class JobWaitBenchmark {

  private static final Duration ARRIVALS = Duration.ofMinutes(5);

  private JobWaitBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    double speed = args.length > 0 ? Double.parseDouble(args[0]) : 2;
    List<String> names = new ArrayList<>(List.of(args).subList(Math.min(1, args.length), args.length));
    if (names.isEmpty()) {
      names = List.of("steady", "burst-within-cap", "long-tail", "warm-pool");
    }
    Map<String, SimulatedWorld.StartedWaits> reports = new LinkedHashMap<>();
    Map<String, Double> targets = new LinkedHashMap<>();
    for (String name : names) {
      Scenario scenario = scenario(name);
      SimulatedWorld.StartedWaits report = UntilAllStarted.run(scenario, speed).world().startedWaits();
      reports.put(name, report);
      // A warm pool's jobs find a runner waiting; the others wait for a boot.
      targets.put(name, "warm-pool".equals(name) ? 5.0 : scenario.bootTime().toSeconds() + 5.0);
      System.out.printf(Locale.ROOT, "%s: %d jobs, wait p50 %.1fs p95 %.1fs max %.1fs%n  all:     %s%n"
          + "  slowest: %s%n", name, report.jobs(), report.seconds().p50(), report.seconds().p95(),
          report.seconds().max(), parts(report.parts().all()), parts(report.parts().slowest()));
    }
    System.out.printf(Locale.ROOT, "%nspeed %s%n%-18s %5s %8s %8s %8s %8s  %s%n", speed, "scenario", "jobs", "p50 s",
        "p95 s", "max s", "target", "mean parts of the slowest 5%: to launch + boot + runner start + assignment");
    reports.forEach((name, r) -> System.out.printf(Locale.ROOT, "%-18s %5d %8.1f %8.1f %8.1f %8.1f  %s%n", name,
        r.jobs(), r.seconds().p50(), r.seconds().p95(), r.seconds().max(), targets.get(name),
        parts(r.parts().slowest())));
    System.exit(0);
  }

  private static Scenario scenario(String name) throws Exception {
    return switch (name) {
      case "burst-within-cap" -> BenchScenarios.burstWithinCap();
      case "warm-pool" -> BenchScenarios.warmPool();
      default -> BenchScenarios.shortened(BenchScenarios.example(name), ARRIVALS);
    };
  }

  private static String parts(SandboxReport.WaitParts.Parts p) {
    return String.format(Locale.ROOT, "%.1f + %.1f + %.1f + %.1f s (%d jobs)", p.toLaunch(), p.boot(),
        p.runnerStart(), p.assignment(), p.jobs());
  }
}
