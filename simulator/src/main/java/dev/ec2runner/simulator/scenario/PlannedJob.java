package dev.ec2runner.simulator.scenario;

import java.time.Duration;
import java.util.List;

/**
 * A job the workload will queue.
 *
 * @param at offset from the start of the run when GitHub queues it
 * @param runtime how long the job runs once a runner starts it
 */
public record PlannedJob(int sequence, Duration at, String repository, List<String> labels, Duration runtime) {

  public PlannedJob {
    labels = List.copyOf(labels);
  }
}
