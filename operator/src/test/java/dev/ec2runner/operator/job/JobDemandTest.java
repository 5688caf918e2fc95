package dev.ec2runner.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.planner.ObservedRunner;
import dev.ec2runner.operator.planner.RunnerPhase;
import dev.ec2runner.operator.testsupport.TestResources;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which of a pool's jobs are demand. */
class JobDemandTest {

  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");

  @Test
  void queuedJobsAreDemandFromWhenTheyWereQueued() {
    assertThat(JobDemand.pending(List.of(TestResources.queuedJob("ci", 2, T0)))).singleElement()
        .satisfies(p -> assertThat(p.queuedAt()).isEqualTo(T0));
  }

  @Test
  void aBusyRunnerNoJobNamesCoversTheNewestQueuedJob() {
    WorkflowJob older = TestResources.queuedJob("ci", 1, T0);
    WorkflowJob newer = TestResources.queuedJob("ci", 2, T0.plusSeconds(5));
    WorkflowJob running = TestResources.queuedJob("ci", 3, T0);
    running.getSpec().withState("in_progress").withRunnerName("gpu-named");
    var named = new ObservedRunner("gpu-named", RunnerPhase.BUSY, T0, T0, true, true, null, T0, false, null);
    var unnamed = new ObservedRunner("gpu-other", RunnerPhase.IDLE, T0, T0, true, true, null, T0, false, null);

    List<WorkflowJob> jobs = List.of(newer, older, running);
    assertThat(JobDemand.pendingDemand(jobs, jobs, List.of(named), Set.of()))
        .extracting(p -> p.name()).containsExactly("job-1", "job-2");
    assertThat(JobDemand.pendingDemand(jobs, jobs, List.of(named, unnamed), Set.of()))
        .extracting(p -> p.name()).containsExactly("job-1");
  }

  @Test
  void aBusyRunnerRunningAnotherPoolsJobLeavesThisPoolsQueuedJobsAsDemand() {
    // GitHub gave general's job to big's idle runner: big's xl job still waits and needs a runner of its own.
    WorkflowJob xl = TestResources.queuedJob("ci", 1, T0);
    WorkflowJob plain = TestResources.queuedJob("ci", 2, T0);
    plain.getSpec().withState("in_progress").withRunnerName("big-taken");
    var taken = new ObservedRunner("big-taken", RunnerPhase.BUSY, T0, T0, true, true, null, T0, false, null);

    assertThat(JobDemand.pendingDemand(List.of(xl), List.of(xl, plain), List.of(taken), Set.of()))
        .extracting(p -> p.name()).containsExactly("job-1");
  }
}
