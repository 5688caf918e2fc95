package dev.ec2runner.simulator.world;

import dev.ec2runner.operator.cloud.CapacityType;
import java.time.Duration;
import java.time.Instant;

/**
 * One simulated instance's usage and timeline.
 *
 * @param billed running time EC2 bills (from running until terminated, or now)
 * @param busy time its runner spent running jobs
 * @param launchedAt when the launch call created it
 * @param runningAt when it finished booting (pending → running)
 * @param onlineAt when its runner came online on GitHub; null if it never did
 */
public record InstanceRecord(String instanceId, String namespace, String pool, String instanceType,
    CapacityType capacityType, Duration billed, Duration busy, Instant launchedAt, Instant runningAt,
    Instant onlineAt) {

  /** Billed time not spent on jobs: booting, waiting for a configuration or a job, shutting down. */
  public Duration idle() {
    Duration idle = billed.minus(busy);
    return idle.isNegative() ? Duration.ZERO : idle;
  }
}
