package dev.ec2runner.simulator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComparisonTest {

  @Test
  void figuresArePerServedJobAndRatiosAreOperatorOverBaseline() {
    Comparison comparison = Comparison.of(Reports.report("operator", 50, 45, 10, 2.0),
        Reports.report("baseline", 40, 90, 40, 4.0));

    assertThat(comparison.jobsServed()).isEqualTo(new Comparison.Figure(50, 40, 1.25));
    assertThat(comparison.jobWaitP95Seconds()).isEqualTo(new Comparison.Figure(45, 90, 0.5));
    assertThat(comparison.idleInstanceMinutesPerJob()).isEqualTo(new Comparison.Figure(0.2, 1.0, 0.2));
    assertThat(comparison.costPerJob()).isEqualTo(new Comparison.Figure(0.04, 0.1, 0.4));
    assertThat(comparison.render()).contains("job wait p95 (s)").contains("0.500").contains("0.200");
  }

  @Test
  void aBaselineFigureOfZeroHasNoRatio() {
    Comparison comparison = Comparison.of(Reports.report("operator", 10, 30, 1, 0.5),
        Reports.report("baseline", 0, 0, 0, 0));

    assertThat(comparison.jobsServed().ratio()).isNull();
    assertThat(comparison.jobWaitP95Seconds().ratio()).isNull();
    assertThat(comparison.idleInstanceMinutesPerJob()).isEqualTo(new Comparison.Figure(0.1, 0, null));
    assertThat(comparison.render().lines().skip(1)).allSatisfy(line -> assertThat(line).endsWith(" -"));
  }
}
