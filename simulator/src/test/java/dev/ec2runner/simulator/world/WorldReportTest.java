package dev.ec2runner.simulator.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.simulator.report.SandboxReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorldReportTest {

  private static final Instant T0 = Instant.parse("2025-01-06T09:00:00Z");

  @Test
  void foldsOutcomesUsageAndPricesIntoTheReport() {
    List<JobOutcome> outcomes = List.of(served(1, 10), served(2, 30), served(3, 90),
        new JobOutcome(4, "acme/app", List.of(), List.of(4L), T0, T0.plusSeconds(5), T0.plusSeconds(60), "r",
            "i-4", 1, false));
    List<InstanceRecord> instances = List.of(
        new InstanceRecord("i-1", "ci", "linux", "m7i.large", CapacityType.SPOT, Duration.ofMinutes(30),
            Duration.ofMinutes(20), T0, T0.plusSeconds(5), T0.plusSeconds(8)),
        new InstanceRecord("i-2", "ci", "linux", "m7i.large", CapacityType.ON_DEMAND, Duration.ofMinutes(30),
            Duration.ofMinutes(40), T0.plusSeconds(2), T0.plusSeconds(22), T0.plusSeconds(25)));
    Map<String, Map<String, Double>> prices = Map.of("m7i.large", Map.of("spot", 0.04, "on-demand", 0.10));

    SandboxReport report = WorldReport.build("demo", "operator", Duration.ofMinutes(10), outcomes, instances, prices,
        List.of(new SandboxReport.Pool("linux", 3, 2, 0)), new SandboxReport.Leaks(0, 1, 0),
        WorldReport.apiCalls(Map.of("CreateFleet", 2L, "PutParameter", 2L), Map.of("GET /x", 3L)),
        List.of("given"));

    assertThat(report.simulatedSeconds()).isEqualTo(600);
    assertThat(report.jobs()).isEqualTo(new SandboxReport.Jobs(4, 3, 1));
    assertThat(report.waitSeconds()).isEqualTo(new SandboxReport.Wait(30, 90, 90));
    // A run stopped once every job started counts the jobs still running (job 4 started after 5 s) too.
    assertThat(WorldReport.seconds(outcomes, JobOutcome::startedWaiting)).containsExactly(10.0, 30.0, 90.0, 5.0);
    // Jobs 1 and 2 waited 10 s and 30 s on instances i-1 and i-2 (job 3's instance is unknown): launched 0 s and
    // 2 s after the job was queued, booted in 5 s and 20 s, online 3 s later, started 2 s and 5 s after that.
    assertThat(report.waitParts()).isEqualTo(new SandboxReport.WaitParts(
        new SandboxReport.WaitParts.Parts(2, 1, 12.5, 3, 3.5), new SandboxReport.WaitParts.Parts(1, 2, 20, 3, 5)));
    assertThat(report.instanceMinutes()).isEqualTo(60);
    // The second instance was busier than billed (it cannot be): its idle time is zero, not negative.
    assertThat(report.idleInstanceMinutes()).isEqualTo(10);
    assertThat(report.spotShare()).isEqualTo(0.5);
    assertThat(report.estimatedCost()).isEqualTo(0.5 * 0.04 + 0.5 * 0.10);
    assertThat(report.apiCalls()).isEqualTo(Map.of("ec2", Map.of("CreateFleet", 2L),
        "ssm", Map.of("PutParameter", 2L), "github", Map.of("GET /x", 3L)));
    assertThat(report.invariantViolations()).containsExactly("given",
        "pool linux reached 3 runners, above maxRunners 2");
    assertThat(report.healthy()).isFalse();
  }

  @Test
  void aJobServedByAnInstanceLaunchedBeforeItWasQueuedWaitsOnlyForItsAssignment() {
    InstanceRecord warm = new InstanceRecord("i-9", "ci", "linux", "m7i.large", CapacityType.SPOT,
        Duration.ofMinutes(5), Duration.ZERO, T0.minusSeconds(120), T0.minusSeconds(80), T0.minusSeconds(78));

    assertThat(WaitBreakdown.split(T0, T0.plusSeconds(2), warm)).containsExactly(0, 0, 0, 2);
    // Started before its runner was seen online (the agent's tick): the parts still add up to the wait.
    InstanceRecord late = new InstanceRecord("i-8", "ci", "linux", "m7i.large", CapacityType.SPOT,
        Duration.ofMinutes(5), Duration.ZERO, T0.plusSeconds(1), T0.plusSeconds(41), T0.plusSeconds(60));
    assertThat(WaitBreakdown.split(T0, T0.plusSeconds(45), late)).containsExactly(1, 40, 4, 0);
  }

  private static JobOutcome served(int sequence, int waitSeconds) {
    return new JobOutcome(sequence, "acme/app", List.of("self-hosted"), List.of((long) sequence), T0,
        T0.plusSeconds(waitSeconds), T0.plusSeconds(waitSeconds + 60), "r" + sequence, "i-" + sequence, 0, true);
  }
}
