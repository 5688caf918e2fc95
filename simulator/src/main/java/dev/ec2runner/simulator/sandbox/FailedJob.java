package dev.ec2runner.simulator.sandbox;

import java.util.List;

/**
 * A planned job that was not served, and the Kubernetes Events that name it or the runner it died on.
 *
 * @param jobIds GitHub job ids of its attempts (empty when it was never queued)
 * @param runnerName the runner of its last attempt, or null if none started it
 * @param events {@code Reason: message} of each Event about it
 */
public record FailedJob(int sequence, String repository, List<Long> jobIds, String runnerName,
    List<String> events) {

  public FailedJob {
    jobIds = List.copyOf(jobIds);
    events = List.copyOf(events);
  }

  /** Whether the operator told the user about it. */
  public boolean explained() {
    return !events.isEmpty();
  }
}
