package dev.ec2runner.operator.cloud;

/**
 * Identifies the stored runner configuration of one instance.
 *
 * @param region where it is stored: the instance's region; null for a cloud without regions
 */
public record RunnerConfigKey(String namespace, String pool, String instanceId, String region) {

  /** The configuration of an instance of a cloud without regions. */
  public RunnerConfigKey(String namespace, String pool, String instanceId) {
    this(namespace, pool, instanceId, null);
  }
}
