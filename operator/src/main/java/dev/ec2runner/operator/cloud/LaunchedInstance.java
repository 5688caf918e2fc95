package dev.ec2runner.operator.cloud;

/** The instance a launch produced. */
public record LaunchedInstance(String instanceId, String instanceType, String availabilityZone,
    CapacityType capacityType) {
}
