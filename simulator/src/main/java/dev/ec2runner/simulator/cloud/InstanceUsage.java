package dev.ec2runner.simulator.cloud;

import dev.ec2runner.operator.cloud.CapacityType;
import java.time.Duration;

/** Billed instance time of one instance type bought one way, for the sandbox's cost report. */
public record InstanceUsage(String instanceType, CapacityType capacityType, Duration billed, int instances) {

  /** Cost at a price per instance-hour. */
  public double cost(double pricePerHour) {
    return billed.toMillis() / 3_600_000.0 * pricePerHour;
  }
}
