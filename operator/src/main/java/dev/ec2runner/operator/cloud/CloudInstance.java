package dev.ec2runner.operator.cloud;

import java.time.Instant;

/**
 * A managed instance as last listed, identified by its tags.
 *
 * @param runnerUid the idempotency token (Runner UID) it was launched with, from its tag
 * @param reclaimed whether the cloud ended it (a spot interruption, a host failure: EC2's state reason
 *     {@code Server.*}) rather than the instance powering itself off or a client terminating it. An ephemeral
 *     runner's instance powers off after its job, so only this tells a lost job from a finished one once the
 *     job's (failed) completion has been reported.
 * @param region the region it runs in; null for a cloud without regions
 */
public record CloudInstance(String instanceId, String namespace, String pool, String runnerName, String runnerUid,
    InstanceState state, String instanceType, CapacityType capacityType, String availabilityZone, String privateIp,
    Instant launchTime, boolean reclaimed, String region) {

  /** An instance of a cloud without regions. */
  public CloudInstance(String instanceId, String namespace, String pool, String runnerName, String runnerUid,
      InstanceState state, String instanceType, CapacityType capacityType, String availabilityZone, String privateIp,
      Instant launchTime, boolean reclaimed) {
    this(instanceId, namespace, pool, runnerName, runnerUid, state, instanceType, capacityType, availabilityZone,
        privateIp, launchTime, reclaimed, null);
  }

  /** An instance the cloud has not reclaimed. */
  public CloudInstance(String instanceId, String namespace, String pool, String runnerName, String runnerUid,
      InstanceState state, String instanceType, CapacityType capacityType, String availabilityZone, String privateIp,
      Instant launchTime) {
    this(instanceId, namespace, pool, runnerName, runnerUid, state, instanceType, capacityType, availabilityZone,
        privateIp, launchTime, false);
  }

  /** EC2's instance lifecycle, as far as the operator cares. */
  public enum InstanceState {
    PENDING, RUNNING, STOPPING, STOPPED, SHUTTING_DOWN, TERMINATED;

    /** Whether the instance is on its way out or gone: it will never run a job again. */
    public boolean isGone() {
      return this == SHUTTING_DOWN || this == TERMINATED || this == STOPPING || this == STOPPED;
    }
  }
}
