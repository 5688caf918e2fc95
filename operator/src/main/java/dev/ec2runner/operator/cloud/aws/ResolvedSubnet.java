package dev.ec2runner.operator.cloud.aws;

/** A subnet a fleet override may use, with the zone that makes it an offering. */
record ResolvedSubnet(String subnetId, String availabilityZone) {
}
