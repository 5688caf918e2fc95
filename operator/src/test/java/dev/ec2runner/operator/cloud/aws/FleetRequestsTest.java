package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.Offering;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

class FleetRequestsTest {

  private static final InstallationId ID = InstallationId.DEFAULT;

  private static final List<ResolvedSubnet> SUBNETS = List.of(new ResolvedSubnet("subnet-a", "eu-west-1a"),
      new ResolvedSubnet("subnet-b", "eu-west-1b"));
  private final RunnerPoolSpec spec = AwsTestPools.spec(List.of("subnet-a"), "m7i.large", "m6i.large");

  @Test
  void oneOverridePerInstanceTypeAndSubnetInPreferenceOrder() throws Exception {
    FleetPlan plan = FleetRequests.build(request(CapacityType.SPOT, Set.of()), "ec2runner-abc", SUBNETS, "token", ID);

    CreateFleetRequest request = plan.request();
    assertThat(request.type()).isEqualTo(FleetType.INSTANT);
    assertThat(request.clientToken()).isEqualTo("token", ID);
    assertThat(request.targetCapacitySpecification().totalTargetCapacity()).isEqualTo(1);
    assertThat(request.targetCapacitySpecification().defaultTargetCapacityTypeAsString()).isEqualTo("spot");
    assertThat(request.launchTemplateConfigs()).singleElement().satisfies(config -> {
      assertThat(config.launchTemplateSpecification().launchTemplateName()).isEqualTo("ec2runner-abc");
      assertThat(config.overrides()).extracting(o -> o.instanceTypeAsString() + "@" + o.subnetId())
          .containsExactly("m7i.large@subnet-a", "m7i.large@subnet-b", "m6i.large@subnet-a", "m6i.large@subnet-b");
      assertThat(config.overrides()).extracting(FleetLaunchTemplateOverridesRequest::priority).containsOnlyNulls();
    });
    assertThat(request.spotOptions().allocationStrategyAsString()).isEqualTo("price-capacity-optimized");
    assertThat(plan.offerings()).first().isEqualTo(new Offering("m7i.large", "eu-west-1a", CapacityType.SPOT));
  }

  @Test
  void onDemandDefaultsToLowestPriceAndPrioritizedSetsPriorities() throws Exception {
    CreateFleetRequest onDemand = FleetRequests.build(request(CapacityType.ON_DEMAND, Set.of()), "t", SUBNETS, "x", ID)
        .request();
    spec.getEc2().setAllocationStrategy("prioritized");
    CreateFleetRequest prioritizedSpot = FleetRequests.build(request(CapacityType.SPOT, Set.of()), "t", SUBNETS, "x",
        ID).request();
    CreateFleetRequest prioritizedOnDemand = FleetRequests.build(request(CapacityType.ON_DEMAND, Set.of()), "t",
        SUBNETS, "x", ID).request();

    assertThat(onDemand.onDemandOptions().allocationStrategyAsString()).isEqualTo("lowest-price");
    assertThat(onDemand.spotOptions()).isNull();
    assertThat(prioritizedSpot.spotOptions().allocationStrategyAsString())
        .isEqualTo("capacity-optimized-prioritized");
    assertThat(prioritizedOnDemand.onDemandOptions().allocationStrategyAsString()).isEqualTo("prioritized");
    assertThat(prioritizedSpot.launchTemplateConfigs().get(0).overrides())
        .extracting(FleetLaunchTemplateOverridesRequest::priority).containsExactly(0.0, 0.0, 1.0, 1.0);
  }

  @Test
  void theSpecsStrategyIsPassedToSpot() throws Exception {
    spec.getEc2().setAllocationStrategy("capacity-optimized");

    assertThat(FleetRequests.build(request(CapacityType.SPOT, Set.of()), "t", SUBNETS, "x", ID).request()
        .spotOptions().allocationStrategyAsString()).isEqualTo("capacity-optimized");
  }

  @Test
  void unavailableOfferingsAreLeftOutByZoneOrForEveryZone() throws Exception {
    LaunchRequest launch = request(CapacityType.SPOT, Set.of(
        new Offering("m7i.large", "eu-west-1a", CapacityType.SPOT),
        new Offering("m6i.large", null, CapacityType.SPOT),
        new Offering("m7i.large", "eu-west-1b", CapacityType.ON_DEMAND)));

    FleetPlan plan = FleetRequests.build(launch, "t", SUBNETS, "x", ID);

    assertThat(plan.offerings()).containsExactly(new Offering("m7i.large", "eu-west-1b", CapacityType.SPOT));
  }

  @Test
  void nothingLeftToTryIsInsufficientCapacityNamingEveryOffering() {
    LaunchRequest launch = request(CapacityType.ON_DEMAND, Set.of(
        new Offering("m7i.large", null, CapacityType.ON_DEMAND),
        new Offering("m6i.large", null, CapacityType.ON_DEMAND)));

    assertThatThrownBy(() -> FleetRequests.build(launch, "t", SUBNETS, "x", ID))
        .isInstanceOfSatisfying(CloudException.InsufficientCapacity.class,
            e -> assertThat(e.offerings()).hasSize(4));
  }

  @Test
  void instancesAndVolumesCarryTheContractTagsAndThePoolTags() throws Exception {
    LaunchRequest launch = request(CapacityType.SPOT, Set.of());

    List<TagSpecification> specs = FleetRequests.build(launch, "t", SUBNETS, "x", ID).request().tagSpecifications();

    assertThat(specs).extracting(TagSpecification::resourceType)
        .containsExactly(ResourceType.INSTANCE, ResourceType.VOLUME);
    for (TagSpecification tagSpec : specs) {
      assertThat(tagSpec.tags()).extracting(Tag::key).containsExactlyInAnyOrder("team", "Name",
          "ec2runner.dev/managed", "ec2runner.dev/installation", "ec2runner.dev/namespace", "ec2runner.dev/pool",
          "ec2runner.dev/runner",
          "ec2runner.dev/runner-uid");
      assertThat(tagSpec.tags()).contains(Tag.builder().key("ec2runner.dev/installation").value("default").build());
      assertThat(tagSpec.tags()).contains(Tag.builder().key("ec2runner.dev/runner-uid")
          .value(launch.idempotencyToken()).build());
    }
  }

  private LaunchRequest request(CapacityType capacityType, Set<Offering> unavailable) {
    return AwsTestPools.launch("linux", spec, capacityType, unavailable);
  }
}
