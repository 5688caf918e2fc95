package dev.ec2runner.simulator.world;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What became of one planned job, across its attempts (a killed job the operator reruns is a new GitHub job of the
 * same workflow run).
 *
 * @param jobIds GitHub job ids of its attempts, oldest first; empty while not yet queued
 * @param queuedAt when its first attempt was queued; null while not yet queued
 * @param startedAt when the attempt that served it (else the latest one) started; null if none started
 * @param completedAt when that attempt completed; null if it has not
 * @param runnerName the runner of that attempt, or null
 * @param instanceId the simulated instance of that runner, or null
 * @param killedAttempts attempts that died with their runner
 * @param served an attempt completed successfully
 */
public record JobOutcome(int sequence, String repository, List<String> labels, List<Long> jobIds, Instant queuedAt,
    Instant startedAt, Instant completedAt, String runnerName, String instanceId, int killedAttempts,
    boolean served) {

  public JobOutcome {
    labels = List.copyOf(labels);
    jobIds = List.copyOf(jobIds);
  }

  /** From first queued to the serving attempt's start; null when not served. */
  public Duration waited() {
    return served ? startedWaiting() : null;
  }

  /** From first queued to the start of the attempt that served it or runs now; null before one started. */
  public Duration startedWaiting() {
    return queuedAt != null && startedAt != null ? Duration.between(queuedAt, startedAt) : null;
  }
}
