package dev.ec2runner.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.testsupport.TestResources;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The status a job is given from its spec. */
class JobStatusesTest {

  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");

  @Test
  void jobStatusReflectsStateConclusionAndWait() {
    WorkflowJob job = TestResources.queuedJob("ci", 1, T0);
    assertThat(JobStatuses.desired(job, "gpu").getPhase()).isEqualTo("Pending");

    job.getSpec().withState("in_progress").withRunnerName("gpu-abcde").withStartedAt(T0.plusSeconds(75).toString());
    assertThat(JobStatuses.desired(job, "gpu")).satisfies(s -> {
      assertThat(s.getPhase()).isEqualTo("Running");
      assertThat(s.getRunner()).isEqualTo("gpu-abcde");
      assertThat(s.getWaited()).isEqualTo("1m15s");
      assertThat(s.getPool()).isEqualTo("gpu");
    });
    job.getSpec().withState("completed").withConclusion("failure");
    assertThat(JobStatuses.desired(job, "gpu").getPhase()).isEqualTo("Failed");
    job.getSpec().withConclusion("cancelled");
    assertThat(JobStatuses.desired(job, "gpu").getPhase()).isEqualTo("Cancelled");
  }
}
