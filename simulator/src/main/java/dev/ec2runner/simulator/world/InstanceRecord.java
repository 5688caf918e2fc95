package dev.ec2runner.simulator.world;

import dev.ec2runner.operator.cloud.CapacityType;
import java.time.Duration;

/**
 * One simulated instance's usage.
 *
 * @param billed running time EC2 bills (from running until terminated, or now)
 * @param busy time its runner spent running jobs
 */
public record InstanceRecord(String instanceId, String namespace, String pool, String instanceType,
    CapacityType capacityType, Duration billed, Duration busy) {

  /** Billed time not spent on jobs: booting, waiting for a configuration or a job, shutting down. */
  public Duration idle() {
    Duration idle = billed.minus(busy);
    return idle.isNegative() ? Duration.ZERO : idle;
  }
}
