package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.CloudInstance.InstanceState;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Reads a described EC2 instance as a {@link CloudInstance}, from its managed tags. */
final class InstanceMapper {

  private InstanceMapper() {
  }

  static CloudInstance toCloudInstance(Instance instance, String region) {
    Map<String, String> tags = new HashMap<>();
    for (Tag tag : instance.tags()) {
      tags.put(tag.key(), tag.value());
    }
    CapacityType capacityType = instance.instanceLifecycle() == InstanceLifecycleType.SPOT
        ? CapacityType.SPOT : CapacityType.ON_DEMAND;
    return new CloudInstance(instance.instanceId(), tags.get(ManagedTags.NAMESPACE), tags.get(ManagedTags.POOL),
        tags.get(ManagedTags.RUNNER), tags.get(ManagedTags.RUNNER_UID), state(instance.state().nameAsString()),
        instance.instanceTypeAsString(),
        capacityType, instance.placement() == null ? null : instance.placement().availabilityZone(),
        instance.privateIpAddress(), instance.launchTime(), reclaimed(instance), region);
  }

  /** EC2 names who ended an instance in its state reason: {@code Server.*} is EC2 itself (spot, host failure). */
  static boolean reclaimed(Instance instance) {
    return instance.stateReason() != null && instance.stateReason().code() != null
        && instance.stateReason().code().startsWith("Server.");
  }

  static InstanceState state(String name) {
    return switch (name) {
      case "pending" -> InstanceState.PENDING;
      case "running" -> InstanceState.RUNNING;
      case "shutting-down" -> InstanceState.SHUTTING_DOWN;
      case "stopping" -> InstanceState.STOPPING;
      case "stopped" -> InstanceState.STOPPED;
      case "terminated" -> InstanceState.TERMINATED;
      default -> throw new IllegalArgumentException("unknown EC2 instance state '" + name + "'");
    };
  }
}
