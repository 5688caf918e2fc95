package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.api.v1alpha1.Ec2Settings;
import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.Offering;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.FleetType;
import software.amazon.awssdk.services.ec2.model.OnDemandOptionsRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SpotOptionsRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TargetCapacitySpecificationRequest;

/** Builds the instant CreateFleet request of one launch: one override per instance type and subnet still offered. */
final class FleetRequests {

  static final String DEFAULT_SPOT_STRATEGY = "price-capacity-optimized";
  static final String DEFAULT_ON_DEMAND_STRATEGY = "lowest-price";

  private FleetRequests() {
  }

  /**
   * @param clientToken EC2's idempotency token for this request
   * @param installation tagged on the instance and its volumes
   * @throws CloudException.InsufficientCapacity when every offering is already marked unavailable
   */
  static FleetPlan build(LaunchRequest launch, String templateName, List<ResolvedSubnet> subnets,
      String clientToken, InstallationId installation) throws CloudException.InsufficientCapacity {
    Ec2Settings ec2 = launch.poolSpec().getEc2();
    CapacityType capacityType = launch.capacityType();
    List<FleetLaunchTemplateOverridesRequest> overrides = new ArrayList<>();
    List<Offering> offerings = new ArrayList<>();
    List<Offering> skipped = new ArrayList<>();
    Map<String, String> zoneBySubnet = new LinkedHashMap<>();
    boolean prioritized = isPrioritized(ec2.getAllocationStrategy());
    List<String> types = ec2.getInstanceTypes();
    for (int priority = 0; priority < types.size(); priority++) {
      String type = types.get(priority);
      for (ResolvedSubnet subnet : subnets) {
        zoneBySubnet.put(subnet.subnetId(), subnet.availabilityZone());
        Offering offering = new Offering(type, subnet.availabilityZone(), capacityType);
        if (launch.unavailable().contains(offering)
            || launch.unavailable().contains(new Offering(type, null, capacityType))) {
          skipped.add(offering);
          continue;
        }
        FleetLaunchTemplateOverridesRequest.Builder override = FleetLaunchTemplateOverridesRequest.builder()
            .instanceType(type).subnetId(subnet.subnetId());
        if (prioritized) {
          override.priority((double) priority);
        }
        overrides.add(override.build());
        offerings.add(offering);
      }
    }
    if (overrides.isEmpty()) {
      throw new CloudException.InsufficientCapacity("every offering of pool " + launch.pool() + " ("
          + skipped.size() + " instance type and zone pairs, " + capacityType.wireName()
          + ") is marked unavailable", skipped);
    }
    CreateFleetRequest.Builder request = CreateFleetRequest.builder()
        .type(FleetType.INSTANT)
        .clientToken(clientToken)
        .targetCapacitySpecification(TargetCapacitySpecificationRequest.builder()
            .totalTargetCapacity(1).defaultTargetCapacityType(capacityType.wireName()).build())
        .launchTemplateConfigs(FleetLaunchTemplateConfigRequest.builder()
            .launchTemplateSpecification(FleetLaunchTemplateSpecificationRequest.builder()
                .launchTemplateName(templateName).version("$Default").build())
            .overrides(overrides).build())
        .tagSpecifications(tagSpecification(ResourceType.INSTANCE, launch, installation),
            tagSpecification(ResourceType.VOLUME, launch, installation));
    if (capacityType == CapacityType.SPOT) {
      request.spotOptions(SpotOptionsRequest.builder()
          .allocationStrategy(spotStrategy(ec2.getAllocationStrategy())).build());
    } else {
      request.onDemandOptions(OnDemandOptionsRequest.builder()
          .allocationStrategy(prioritized ? "prioritized" : DEFAULT_ON_DEMAND_STRATEGY).build());
    }
    return new FleetPlan(request.build(), capacityType, offerings, zoneBySubnet);
  }

  /** The fixed-contract tags, the pool's own tags, and a Name for the console unless the pool sets one. */
  static List<Tag> tags(LaunchRequest launch, InstallationId installation) {
    Map<String, String> tags = new LinkedHashMap<>();
    Map<String, String> poolTags = launch.poolSpec().getEc2().getTags();
    if (poolTags != null) {
      tags.putAll(poolTags);
    }
    tags.putIfAbsent("Name", launch.runnerName());
    tags.put(ManagedTags.MANAGED, "true");
    tags.put(ManagedTags.INSTALLATION, installation.value());
    tags.put(ManagedTags.NAMESPACE, launch.namespace());
    tags.put(ManagedTags.POOL, launch.pool());
    tags.put(ManagedTags.RUNNER, launch.runnerName());
    tags.put(ManagedTags.RUNNER_UID, launch.idempotencyToken());
    List<Tag> list = new ArrayList<>();
    tags.forEach((key, value) -> list.add(Tag.builder().key(key).value(value).build()));
    return list;
  }

  private static TagSpecification tagSpecification(ResourceType type, LaunchRequest launch,
      InstallationId installation) {
    return TagSpecification.builder().resourceType(type).tags(tags(launch, installation)).build();
  }

  private static boolean isPrioritized(String strategy) {
    return "prioritized".equals(strategy) || "capacity-optimized-prioritized".equals(strategy);
  }

  /** Spot takes every strategy but {@code prioritized}, which it spells {@code capacity-optimized-prioritized}. */
  static String spotStrategy(String strategy) {
    if (strategy == null) {
      return DEFAULT_SPOT_STRATEGY;
    }
    return "prioritized".equals(strategy) ? "capacity-optimized-prioritized" : strategy;
  }
}
