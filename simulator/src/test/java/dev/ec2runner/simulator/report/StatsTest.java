package dev.ec2runner.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void nearestRankPercentiles() {
    List<Double> values = List.of(5.0, 1.0, 4.0, 2.0, 3.0, 10.0, 6.0, 7.0, 8.0, 9.0);
    assertThat(Stats.percentile(values, 50)).isEqualTo(5.0);
    assertThat(Stats.percentile(values, 95)).isEqualTo(10.0);
    assertThat(Stats.percentile(values, 10)).isEqualTo(1.0);
    assertThat(Stats.percentile(List.of(), 95)).isZero();
    assertThat(Stats.max(values)).isEqualTo(10.0);
    assertThat(Stats.round(1.23456, 2)).isEqualTo(1.23);
  }

  @Test
  void aReportIsHealthyOnlyWhenEveryInvariantHolds() {
    var ok = report(new SandboxReport.Jobs(10, 10, 0), 5, new SandboxReport.Leaks(0, 0, 0), List.of());
    assertThat(ok.healthy()).isTrue();
    assertThat(ReportText.render(ok)).contains("served 10").contains("result    OK");
    assertThat(report(new SandboxReport.Jobs(10, 9, 1), 5, new SandboxReport.Leaks(0, 0, 0), List.of()).healthy())
        .isFalse();
    assertThat(report(new SandboxReport.Jobs(10, 10, 0), 6, new SandboxReport.Leaks(0, 0, 0), List.of()).healthy())
        .isFalse();
    assertThat(report(new SandboxReport.Jobs(10, 10, 0), 5, new SandboxReport.Leaks(1, 0, 0), List.of()).healthy())
        .isFalse();
    var violated = report(new SandboxReport.Jobs(10, 10, 0), 5, new SandboxReport.Leaks(0, 0, 0),
        List.of("busy runner deregistered"));
    assertThat(violated.healthy()).isFalse();
    assertThat(ReportText.render(violated)).contains("VIOLATION busy runner deregistered").contains("FAILED");
  }

  private static SandboxReport report(SandboxReport.Jobs jobs, int peak, SandboxReport.Leaks leaks,
      List<String> violations) {
    return new SandboxReport("demo", "operator", 120, jobs, new SandboxReport.Wait(1, 2, 3),
        new SandboxReport.WaitParts(new SandboxReport.WaitParts.Parts(1, 0.5, 0.5, 0, 0),
            new SandboxReport.WaitParts.Parts(1, 0.5, 0.5, 0, 0)), 10, 2, 0.8, 0.5,
        List.of(new SandboxReport.Pool("p", peak, 5, 0)), leaks, Map.of("ec2", Map.of("CreateFleet", 10L)),
        violations, Map.of());
  }
}
