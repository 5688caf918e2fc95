package dev.ec2runner.operator.cloud;

import java.time.Instant;

/**
 * A managed instance as last listed, identified by its tags.
 *
 * @param runnerUid the idempotency token (Runner UID) it was launched with, from its tag
 */
public record CloudInstance(String instanceId, String namespace, String pool, String runnerName, String runnerUid,
    InstanceState state, String instanceType, CapacityType capacityType, String availabilityZone, String privateIp,
    Instant launchTime) {

  /** EC2's instance lifecycle, as far as the operator cares. */
  public enum InstanceState {
    PENDING, RUNNING, STOPPING, STOPPED, SHUTTING_DOWN, TERMINATED;

    /** Whether the instance is on its way out or gone: it will never run a job again. */
    public boolean isGone() {
      return this == SHUTTING_DOWN || this == TERMINATED || this == STOPPING || this == STOPPED;
    }
  }
}
