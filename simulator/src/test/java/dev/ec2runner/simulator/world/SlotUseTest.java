package dev.ec2runner.simulator.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ec2runner.operator.bootstrap.fake.JobRun;
import dev.ec2runner.operator.cloud.CapacityType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotUseTest {

  private static final Instant T0 = Instant.parse("2025-01-06T09:00:00Z");

  @Test
  void splitsTheSlotTimeWhileJobsWaitIntoJobsBootsRunnerStartsAndTheGapsBetweenRunners() {
    // One slot, two jobs queued at once: the first runner boots 45 s and runs its job 3 minutes; its successor is
    // launched 10 s after that job ended and starts the second job, which ends the window (nothing waits then).
    List<JobOutcome> outcomes = List.of(outcome(1, T0, T0.plusSeconds(50), "i-1"),
        outcome(2, T0, T0.plusSeconds(290), "i-2"));
    List<JobRun> runs = List.of(new JobRun(1, "r1", "i-1", T0.plusSeconds(50), T0.plusSeconds(230), false),
        new JobRun(2, "r2", "i-2", T0.plusSeconds(290), T0.plusSeconds(470), false));
    List<InstanceRecord> instances = List.of(instance("i-1", T0, Duration.ofSeconds(195)),
        instance("i-2", T0.plusSeconds(240), Duration.ofSeconds(185)));

    SlotUse use = SlotUse.of(1, outcomes, runs, instances);

    assertThat(use.windowMinutes()).isCloseTo(290 / 60.0, within(1e-9));
    assertThat(use.busy()).isCloseTo(180 / 290.0, within(1e-9));
    assertThat(use.boot()).isCloseTo(90 / 290.0, within(1e-9));
    assertThat(use.runnerStart()).isCloseTo(10 / 290.0, within(1e-9));
    assertThat(use.rest()).as("job end → next launch").isCloseTo(10 / 290.0, within(1e-9));
    assertThat(use.meanJobSeconds()).as("only jobs that ran in the window").isEqualTo(180);
    assertThat(use.ideal(Duration.ofSeconds(45))).isCloseTo(0.8, within(1e-9));
  }

  private static JobOutcome outcome(int sequence, Instant queued, Instant started, String instanceId) {
    return new JobOutcome(sequence, "acme/app", List.of("self-hosted"), List.of((long) sequence), queued, started,
        started.plusSeconds(180), "r" + sequence, instanceId, 0, true);
  }

  private static InstanceRecord instance(String id, Instant launched, Duration billed) {
    return new InstanceRecord(id, "ci", "linux", "m7i.large", CapacityType.SPOT, billed, Duration.ofMinutes(3),
        launched, launched.plusSeconds(45), launched.plusSeconds(47));
  }
}
