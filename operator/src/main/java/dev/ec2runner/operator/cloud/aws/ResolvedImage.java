package dev.ec2runner.operator.cloud.aws;

/** An AMI as a launch template needs it. */
record ResolvedImage(String imageId, String rootDeviceName, String architecture) {
}
