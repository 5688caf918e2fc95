package dev.ec2runner.simulator.bench;

import dev.ec2runner.simulator.report.ReportText;
import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.sandbox.Comparison;
import dev.ec2runner.simulator.sandbox.RunResult;
import dev.ec2runner.simulator.sandbox.SandboxOptions;
import dev.ec2runner.simulator.sandbox.SandboxResult;
import dev.ec2runner.simulator.sandbox.SandboxRun;
import dev.ec2runner.simulator.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark 2, the operator against the model of the Lambda-based design on the same workloads (same seed): job
 * wait p95, idle instance-minutes per job and cost per job, with their ratios, for the steady, morning-burst and
 * long-tail example scenarios; the baseline runs twice, with ephemeral runners as the pools have, and in the
 * original's default mode (runners kept after their job). Run it from the repository's root.
 *
 * <pre>java -cp simulator/target/ec2-runner-sandbox.jar dev.ec2runner.simulator.bench.OperatorVsBaselineBenchmark
 *     [SPEED] [SCENARIO...]</pre>
 */
public final class OperatorVsBaselineBenchmark {

  private OperatorVsBaselineBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    double speed = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    List<String> names = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      names.add(args[i]);
    }
    if (names.isEmpty()) {
      names = List.of("steady", "morning-burst", "long-tail");
    }
    Map<String, Comparison> ephemeral = new LinkedHashMap<>();
    Map<String, Comparison> reused = new LinkedHashMap<>();
    for (String name : names) {
      Scenario scenario = BenchScenarios.example(name);
      SandboxResult result = SandboxRun.of(scenario, SandboxOptions.atSpeed(speed)
          .withStrategy(Scenario.Strategy.COMPARE)).run();
      for (RunResult run : result.runs()) {
        System.out.print(ReportText.render(run.report()));
      }
      System.out.print(result.comparison().render());
      System.out.println();
      ephemeral.put(name, result.comparison());
      // The original's default on the same jobs: runners kept after their job until a scale-down finds them idle.
      SandboxReport original = SandboxRun.of(BenchScenarios.withReusedRunners(scenario), SandboxOptions.atSpeed(speed)
          .withStrategy(Scenario.Strategy.BASELINE)).run().runs().get(0).report();
      System.out.print(ReportText.render(original));
      Comparison againstOriginal = Comparison.of(result.runs().get(0).report(), original);
      System.out.print(againstOriginal.render());
      System.out.println();
      reused.put(name, againstOriginal);
    }
    table("baseline with ephemeral runners, as the pools", ephemeral);
    table("baseline in the original's default mode: runners kept until idle at a scale-down", reused);
    System.exit(0);
  }

  private static void table(String title, Map<String, Comparison> comparisons) {
    System.out.printf(Locale.ROOT, "%n%s%n%-15s %18s %28s %28s %28s%n", title, "scenario", "served (op/base)",
        "wait p95 s (op/base = ratio)", "idle min/job (op/base = r)", "cost/job $ (op/base = r)");
    comparisons.forEach((name, c) -> System.out.printf(Locale.ROOT, "%-15s %18s %28s %28s %28s%n", name,
        trim(c.jobsServed().operator()) + "/" + trim(c.jobsServed().baseline()), cell(c.jobWaitP95Seconds()),
        cell(c.idleInstanceMinutesPerJob()), cell(c.costPerJob())));
  }

  private static String cell(Comparison.Figure figure) {
    return String.format(Locale.ROOT, "%s/%s = %s", trim(figure.operator()), trim(figure.baseline()),
        figure.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2f", figure.ratio()));
  }

  private static String trim(double value) {
    return value >= 10 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.3g", value);
  }
}
