package dev.ec2runner.operator.cloud.fake;

import dev.ec2runner.operator.cloud.CapacityType;
import java.time.Instant;

/**
 * A window in which EC2 has no capacity for an instance type (null: every type), in one zone (null: every zone),
 * bought one way.
 *
 * @param until exclusive end of the outage
 */
record CapacityOutage(String instanceType, String zone, CapacityType capacityType, Instant from, Instant until) {

  boolean covers(String type, String inZone, CapacityType boughtAs, Instant at) {
    return (instanceType == null || instanceType.equals(type)) && (zone == null || zone.equals(inZone))
        && capacityType == boughtAs && !at.isBefore(from) && at.isBefore(until);
  }
}
