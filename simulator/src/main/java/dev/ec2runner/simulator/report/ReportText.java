package dev.ec2runner.simulator.report;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a report for the terminal. */
public final class ReportText {

  private ReportText() {
  }

  public static String render(SandboxReport r) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "== %s (%s) — %.0f simulated seconds%n", r.scenario(), r.strategy(),
        r.simulatedSeconds()));
    out.append(String.format(Locale.ROOT, "jobs      generated %d, served %d, failed %d%n", r.jobs().generated(),
        r.jobs().served(), r.jobs().failed()));
    out.append(String.format(Locale.ROOT, "wait      p50 %.1fs, p95 %.1fs, max %.1fs%n", r.waitSeconds().p50(),
        r.waitSeconds().p95(), r.waitSeconds().max()));
    SandboxReport.WaitParts parts = r.waitParts();
    out.append(String.format(Locale.ROOT, "wait by   %s; slowest 5%%: %s%n", parts(parts.all()),
        parts(parts.slowest())));
    out.append(String.format(Locale.ROOT, "instances %.1f instance-minutes (%.1f idle), spot share %.0f%%,"
        + " estimated cost $%.2f%n", r.instanceMinutes(), r.idleInstanceMinutes(), r.spotShare() * 100,
        r.estimatedCost()));
    for (SandboxReport.Pool pool : r.pools()) {
      out.append(String.format(Locale.ROOT, "pool      %-24s peak %d of max %d%s%n", pool.name(), pool.peakRunners(),
          pool.maxRunners(), pool.runnersTaken() == 0 ? ""
              : ", " + pool.runnersTaken() + " runners taken by other pools' jobs (overlapping labels)"));
    }
    r.notCountedAsDemand().forEach((reason, count) -> out.append(String.format(Locale.ROOT,
        "demand    %d queued jobs no longer counted as demand: %s%n", count, reason)));
    out.append(String.format(Locale.ROOT, "leaks     instances %d, registrations %d, SSM parameters %d%n",
        r.leaks().instances(), r.leaks().registrations(), r.leaks().ssmParameters()));
    for (Map.Entry<String, Map<String, Long>> service : r.apiCalls().entrySet()) {
      String actions = service.getValue().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
          .collect(Collectors.joining(", "));
      out.append(String.format(Locale.ROOT, "api       %-7s %s%n", service.getKey(), actions));
    }
    r.invariantViolations().forEach(v -> out.append("VIOLATION ").append(v).append(System.lineSeparator()));
    out.append(r.healthy() ? "result    OK" : "result    FAILED").append(System.lineSeparator());
    return out.toString();
  }

  private static String parts(SandboxReport.WaitParts.Parts p) {
    return String.format(Locale.ROOT, "to launch %.1fs + boot %.1fs + runner start %.1fs + assignment %.1fs (mean of"
        + " %d)", p.toLaunch(), p.boot(), p.runnerStart(), p.assignment(), p.jobs());
  }
}
