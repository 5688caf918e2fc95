package dev.ec2runner.receiver.event;

import dev.ec2runner.api.JobState;
import dev.ec2runner.api.matching.JobRequest;
import java.util.List;
import java.util.Objects;

/**
 * What one workflow_job or check_run delivery says about a job; optional facts are null when the payload lacks them.
 *
 * @param queuedAt when the job was queued (RFC 3339)
 * @param startedAt when a runner started it; only set once the job is in progress
 * @param labels runs-on labels; empty for check runs, which carry none
 */
public record JobEvent(JobSource source, long jobId, JobState state, String repository, String organization,
    String enterprise, List<String> labels, Long installationId, Long runId, Integer runAttempt, String name,
    String workflowName, String runnerName, Long runnerId, String queuedAt, String startedAt, String completedAt,
    String conclusion) {

  public JobEvent {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(repository, "repository");
    labels = labels == null ? List.of() : List.copyOf(labels);
  }

  /** The demand this job puts on the runner pools. */
  public JobRequest request() {
    return new JobRequest(repository, organization, enterprise, labels, source == JobSource.CHECK_RUN);
  }
}
