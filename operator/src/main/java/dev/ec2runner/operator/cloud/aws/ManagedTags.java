package dev.ec2runner.operator.cloud.aws;

/** The tag keys every managed instance, volume and launch template carries. */
final class ManagedTags {

  static final String MANAGED = "ec2runner.dev/managed";
  static final String NAMESPACE = "ec2runner.dev/namespace";
  static final String POOL = "ec2runner.dev/pool";
  static final String RUNNER = "ec2runner.dev/runner";
  static final String RUNNER_UID = "ec2runner.dev/runner-uid";

  private ManagedTags() {
  }
}
