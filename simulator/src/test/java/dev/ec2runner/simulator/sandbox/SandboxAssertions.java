package dev.ec2runner.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.simulator.report.ReportText;
import dev.ec2runner.simulator.report.SandboxReport;
import dev.ec2runner.simulator.scenario.Scenario;

/** The invariants every sandbox run must meet, asserted one by one so that a failure says which. */
final class SandboxAssertions {

  private SandboxAssertions() {
  }

  /** Every job served, no pool above its cap, nothing leaked, no violation. */
  static void assertHealthy(RunResult run, Scenario scenario) {
    SandboxReport report = run.report();
    String text = ReportText.render(report);
    assertThat(report.jobs().generated()).as(text).isPositive();
    assertThat(report.jobs().served()).as(text).isEqualTo(report.jobs().generated());
    assertThat(report.jobs().failed()).as(text).isZero();
    assertWithinCapsAndClean(report, scenario);
    assertThat(run.failedJobs()).as(text).isEmpty();
    assertThat(report.healthy()).as(text).isTrue();
  }

  /** No pool above its cap (each one used), nothing leaked, no invariant violation. */
  static void assertWithinCapsAndClean(SandboxReport report, Scenario scenario) {
    String text = ReportText.render(report);
    assertThat(report.invariantViolations()).as(text).isEmpty();
    assertThat(report.pools()).as(text).hasSize(scenario.pools().size()).allSatisfy(pool -> {
      assertThat(pool.peakRunners()).isPositive();
      assertThat(pool.peakRunners()).isLessThanOrEqualTo(pool.maxRunners());
    });
    assertThat(report.leaks()).as(text).isEqualTo(new SandboxReport.Leaks(0, 0, 0));
    boolean warmPools = scenario.pools().stream().anyMatch(pool -> pool.getSpec().getScaling().getMinIdle() != null
        && pool.getSpec().getScaling().getMinIdle() > 0);
    if (!warmPools) {
      // Durations are simulated time: without warm runners no job starts before its instance booted.
      assertThat(report.waitSeconds().p50()).as(text).isGreaterThanOrEqualTo(scenario.bootTime().toSeconds());
    }
    assertThat(report.instanceMinutes()).as(text).isPositive();
  }
}
