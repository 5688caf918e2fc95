package dev.ec2runner.operator.github;

import dev.ec2runner.api.JobState;

/**
 * A workflow job as GitHub reports it now.
 *
 * @param status queued, in_progress, completed, waiting, requested or pending
 * @param conclusion set once completed (success, failure, cancelled, …)
 */
public record JobStatus(long jobId, String status, String conclusion, String runnerName) {

  public boolean isQueued() {
    return JobState.QUEUED.is(status) || JobState.WAITING.is(status) || "requested".equals(status)
        || "pending".equals(status);
  }
}
