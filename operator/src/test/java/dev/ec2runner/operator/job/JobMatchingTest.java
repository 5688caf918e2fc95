package dev.ec2runner.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.RunnerPool;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.testsupport.TestResources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which pool serves a job. */
class JobMatchingTest {

  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");

  @Test
  void jobsGoToTheMostSpecificPoolAndNeverToOneBeingDeleted() {
    RunnerPool generic = TestResources.pool("ci", "generic", 5);
    generic.getSpec().getGithub().setLabels(List.of("gpu", "large"));
    RunnerPool exact = TestResources.pool("ci", "exact", 5);
    WorkflowJob job = TestResources.queuedJob("ci", 1, T0);
    List<RunnerPool> pools = new ArrayList<>(List.of(generic, exact));

    assertThat(JobMatching.bestPool(job, pools)).contains("exact");
    exact.getMetadata().setDeletionTimestamp(T0.toString());
    assertThat(JobMatching.bestPool(job, pools)).contains("generic");
    job.getSpec().setLabels(List.of("ubuntu-latest"));
    assertThat(JobMatching.bestPool(job, pools)).isEmpty();
  }
}
