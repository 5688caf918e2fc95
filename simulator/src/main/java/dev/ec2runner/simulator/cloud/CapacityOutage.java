package dev.ec2runner.simulator.cloud;

import dev.ec2runner.operator.cloud.CapacityType;
import java.time.Instant;

/**
 * A window in which EC2 has no capacity for an instance type, in one zone or (null zone) all, bought one way.
 *
 * @param until exclusive end of the outage
 */
public record CapacityOutage(String instanceType, String zone, CapacityType capacityType, Instant from,
    Instant until) {

  boolean covers(String type, String inZone, CapacityType boughtAs, Instant at) {
    return instanceType.equals(type) && (zone == null || zone.equals(inZone)) && capacityType == boughtAs
        && !at.isBefore(from) && at.isBefore(until);
  }
}
