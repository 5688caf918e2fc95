package dev.ec2runner.operator.cloud;

/**
 * One thing EC2 can run out of: an instance type in a zone bought one way. A null zone stands for every zone
 * (an error that did not name one).
 */
public record Offering(String instanceType, String availabilityZone, CapacityType capacityType) {
}
