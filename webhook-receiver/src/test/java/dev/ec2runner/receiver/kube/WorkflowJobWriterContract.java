package dev.ec2runner.receiver.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.api.v1alpha1.WorkflowJobSpec;
import dev.ec2runner.receiver.event.JobEvent;
import dev.ec2runner.receiver.event.JobSource;
import dev.ec2runner.receiver.kube.WorkflowJobWriter.Result;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WorkflowJobWriter} promises, run against the writer on the real API server
 * ({@code KubernetesWorkflowJobWriterIT}, which adds the races only a real server has) and the tests' in-memory one
 * ({@code InMemoryWorkflowJobWriterContractTest}): a first sight creates, a later event merges, a repeated one changes
 * nothing, a job's state never moves backwards, and a store out of reach is reported as unavailable.
 */
public abstract class WorkflowJobWriterContract {

  protected static final long ID = 31;

  protected abstract WorkflowJobWriter writer();

  /** A writer whose store cannot be reached (a stopped API server). */
  protected abstract WorkflowJobWriter unreachableWriter();

  protected abstract String namespace();

  /** The job's spec as stored, read past the writer. */
  protected abstract Optional<WorkflowJobSpec> stored(String name);

  protected static JobEvent event(JobState state, String runner, String conclusion) {
    return new JobEvent(JobSource.WORKFLOW_JOB, ID, state, "octo/repo", "octo", null, List.of("self-hosted"), 1L, 2L, 1,
        "build", "CI", runner, runner == null ? null : 7L, "2024-01-01T00:00:00Z",
        runner == null ? null : "2024-01-01T00:01:00Z", conclusion == null ? null : "2024-01-01T00:09:00Z", conclusion);
  }

  @Test
  void createsThenMergesThenLeavesADuplicateAlone() {
    WorkflowJobWriter writer = writer();

    assertThat(writer.write(namespace(), event(JobState.QUEUED, null, null), "d1")).isEqualTo(Result.CREATED);
    assertThat(writer.write(namespace(), event(JobState.IN_PROGRESS, "runner-1", null), "d2")).isEqualTo(Result.UPDATED);
    assertThat(writer.write(namespace(), event(JobState.IN_PROGRESS, "runner-1", null), "d2")).isEqualTo(Result.UNCHANGED);

    WorkflowJobSpec spec = stored(WorkflowJob.nameFor(ID)).orElseThrow();
    assertThat(spec.getState()).isEqualTo(JobState.IN_PROGRESS.wireName());
    assertThat(spec.getRunnerName()).isEqualTo("runner-1");
    assertThat(spec.getDeliveryId()).isEqualTo("d2");
  }

  @Test
  void aLateEventNeverMovesTheJobsStateBackwards() {
    WorkflowJobWriter writer = writer();
    writer.write(namespace(), event(JobState.QUEUED, null, null), "d1");
    writer.write(namespace(), event(JobState.COMPLETED, "runner-1", "success"), "d3");

    assertThat(writer.write(namespace(), event(JobState.IN_PROGRESS, "runner-1", null), "d2"))
        .isEqualTo(Result.UNCHANGED);
    assertThat(writer.write(namespace(), event(JobState.QUEUED, null, null), "d1")).isEqualTo(Result.UNCHANGED);
    WorkflowJobSpec spec = stored(WorkflowJob.nameFor(ID)).orElseThrow();
    assertThat(spec.getState()).isEqualTo(JobState.COMPLETED.wireName());
    assertThat(spec.getConclusion()).isEqualTo("success");
  }

  @Test
  void aStoreOutOfReachIsReportedAsUnavailableAndStoresNothing() {
    assertThatThrownBy(() -> unreachableWriter().write(namespace(), event(JobState.QUEUED, null, null), "d1"))
        .isInstanceOf(KubernetesUnavailableException.class)
        .hasMessage("the Kubernetes API is unreachable");
    assertThat(stored(WorkflowJob.nameFor(ID))).isEmpty();
  }
}
