package dev.ec2runner.operator.cloud.aws;

/**
 * The tag keys every managed instance, volume and launch template carries. Tags say whose a resource claims to be,
 * not who made it: anyone allowed to tag can set them, so nothing is terminated on their word alone (see
 * {@link InstanceOwnership}).
 */
final class ManagedTags {

  static final String MANAGED = "ec2runner.dev/managed";
  /** The operator installation ({@link dev.ec2runner.operator.InstallationId}) that made the resource. */
  static final String INSTALLATION = "ec2runner.dev/installation";
  static final String NAMESPACE = "ec2runner.dev/namespace";
  static final String POOL = "ec2runner.dev/pool";
  static final String RUNNER = "ec2runner.dev/runner";
  static final String RUNNER_UID = "ec2runner.dev/runner-uid";

  private ManagedTags() {
  }
}
