package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.report.Stats;
import java.util.Locale;

/**
 * The operator against the baseline on the same workload: jobs served, the wait p95 of the served jobs, idle
 * instance-minutes and cost per served job, each with its ratio (operator ÷ baseline; below 1 means the operator
 * waits, idles or costs less). A ratio is null when the baseline's figure is 0. Waits cover served jobs only, so a
 * strategy that leaves jobs unserved can show a shorter wait: read them with {@code jobsServed}.
 */
public record Comparison(Figure jobsServed, Figure jobWaitP95Seconds, Figure idleInstanceMinutesPerJob,
    Figure costPerJob) {

  /** One figure for both strategies. */
  public record Figure(double operator, double baseline, Double ratio) {

    static Figure of(double operator, double baseline) {
      return new Figure(Stats.round(operator, 4), Stats.round(baseline, 4),
          baseline == 0 ? null : Stats.round(operator / baseline, 3));
    }
  }

  public static Comparison of(SandboxReport operator, SandboxReport baseline) {
    return new Comparison(
        Figure.of(operator.jobs().served(), baseline.jobs().served()),
        Figure.of(operator.waitSeconds().p95(), baseline.waitSeconds().p95()),
        Figure.of(perJob(operator.idleInstanceMinutes(), operator), perJob(baseline.idleInstanceMinutes(), baseline)),
        Figure.of(perJob(operator.estimatedCost(), operator), perJob(baseline.estimatedCost(), baseline)));
  }

  private static double perJob(double value, SandboxReport report) {
    return report.jobs().served() == 0 ? 0 : value / report.jobs().served();
  }

  /** A small table for the terminal. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-32s %12s %12s %8s%n", "figure", "operator", "baseline",
        "ratio"));
    row(out, "jobs served", jobsServed);
    row(out, "job wait p95 (s)", jobWaitP95Seconds);
    row(out, "idle instance-minutes per job", idleInstanceMinutesPerJob);
    row(out, "estimated cost per job ($)", costPerJob);
    return out.toString();
  }

  private static void row(StringBuilder out, String name, Figure figure) {
    out.append(String.format(Locale.ROOT, "%-32s %12.4f %12.4f %8s%n", name, figure.operator(), figure.baseline(),
        figure.ratio() == null ? "-" : String.format(Locale.ROOT, "%.3f", figure.ratio())));
  }
}
