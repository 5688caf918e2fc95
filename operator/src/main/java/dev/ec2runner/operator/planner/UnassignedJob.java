package dev.ec2runner.operator.planner;

import java.time.Duration;
import java.time.Instant;

/**
 * A queued job that stopped counting as demand: a runner of the pool was idle beside it for longer than
 * unassignedDemandTimeout and GitHub did not give it the job.
 *
 * @param idleBesideSince since when a runner of the pool has been idle while the job waited
 */
public record UnassignedJob(String name, Instant idleBesideSince, Duration timeout) {

  /** The reason of the job's Warning Event. */
  public static final String REASON = "NotAssignedByGitHub";

  /** Why the job no longer counts and what to check, for its status and Warning Event. */
  public String message(String pool) {
    return "GitHub has not given this job to an idle runner of pool " + pool + " (idle beside it since "
        + idleBesideSince + ", longer than unassignedDemandTimeout " + dev.ec2runner.api.Durations.format(timeout)
        + "), so it no longer counts as demand and holds no runner; GitHub does not route it to this pool's runners:"
        + " check that the repository may use the pool's runner group (spec.github.runnerGroup, repository access"
        + " on GitHub) and the job's runs-on labels, then re-run the job";
  }
}
