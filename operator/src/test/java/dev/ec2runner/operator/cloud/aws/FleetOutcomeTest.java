package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.Offering;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetInstance;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateAndOverridesResponse;

/** Instant fleets report failures in their Errors list; these responses have the shape EC2 documents. */
class FleetOutcomeTest {

  private final FleetPlan plan = plan();

  @Test
  void aLaunchedInstanceTakesItsZoneFromTheOverridesSubnet() throws Exception {
    CreateFleetResponse response = CreateFleetResponse.builder().instances(CreateFleetInstance.builder()
        .instanceIds("i-0123456789abcdef0").instanceType("m6i.large").lifecycle("spot")
        .launchTemplateAndOverrides(overrides("m6i.large", "subnet-b")).build()).build();

    LaunchedInstance launched = FleetOutcome.interpret(response, plan);

    assertThat(launched).isEqualTo(new LaunchedInstance("i-0123456789abcdef0", "m6i.large", "eu-west-1b",
        CapacityType.SPOT));
  }

  @Test
  void capacityErrorsBecomeInsufficientCapacityNamingTheOfferings() {
    CreateFleetResponse response = CreateFleetResponse.builder().errors(
        error("InsufficientInstanceCapacity", "m7i.large", "subnet-a"),
        error("UnfulfillableCapacity", "m7i.large", "subnet-b"),
        error("InsufficientCapacityOnHost", "m6i.large", "subnet-a"),
        error("MaxSpotInstanceCountExceeded", "m6i.large", "subnet-b")).build();

    assertThatThrownBy(() -> FleetOutcome.interpret(response, plan))
        .isInstanceOfSatisfying(CloudException.InsufficientCapacity.class, e -> assertThat(e.offerings())
            .containsExactly(new Offering("m7i.large", "eu-west-1a", CapacityType.SPOT),
                new Offering("m7i.large", "eu-west-1b", CapacityType.SPOT),
                new Offering("m6i.large", "eu-west-1a", CapacityType.SPOT),
                new Offering("m6i.large", "eu-west-1b", CapacityType.SPOT)))
        .hasMessageContaining("InsufficientInstanceCapacity").hasMessageContaining("m7i.large in eu-west-1a");
  }

  @Test
  void aCapacityErrorNamingNoOverrideConcernsEveryOffering() {
    CreateFleetResponse response = CreateFleetResponse.builder().errors(CreateFleetError.builder()
        .errorCode("SpotMaxPriceTooLow").errorMessage("price too low").build()).build();

    assertThatThrownBy(() -> FleetOutcome.interpret(response, plan))
        .isInstanceOfSatisfying(CloudException.InsufficientCapacity.class,
            e -> assertThat(e.offerings()).containsExactlyElementsOf(plan.offerings()));
  }

  @Test
  void configurationErrorsAreInvalidConfigurationWithAHint() {
    CreateFleetResponse response = CreateFleetResponse.builder().errors(
        error("InvalidSubnetID.NotFound", "m7i.large", "subnet-a")).build();

    assertThatThrownBy(() -> FleetOutcome.interpret(response, plan))
        .isInstanceOf(CloudException.InvalidConfiguration.class)
        .hasMessageContaining("InvalidSubnetID.NotFound").hasMessageContaining("spec.ec2.subnets");
  }

  @Test
  void throttlingIsThrottledAndAnythingElseIsAPlainCloudException() {
    CreateFleetResponse throttled = CreateFleetResponse.builder().errors(CreateFleetError.builder()
        .errorCode("RequestLimitExceeded").errorMessage("slow down").build()).build();
    CreateFleetResponse other = CreateFleetResponse.builder().errors(CreateFleetError.builder()
        .errorCode("InternalError").errorMessage("An internal error\nhas occurred").build()).build();

    assertThatThrownBy(() -> FleetOutcome.interpret(throttled, plan)).isInstanceOf(CloudException.Throttled.class);
    assertThatThrownBy(() -> FleetOutcome.interpret(other, plan))
        .isExactlyInstanceOf(CloudException.class)
        .hasMessage("ec2:CreateFleet failed: InternalError: An internal error has occurred");
  }

  private static CreateFleetError error(String code, String type, String subnet) {
    return CreateFleetError.builder().errorCode(code).errorMessage(code + " for " + type).lifecycle("spot")
        .launchTemplateAndOverrides(overrides(type, subnet)).build();
  }

  private static LaunchTemplateAndOverridesResponse overrides(String type, String subnet) {
    return LaunchTemplateAndOverridesResponse.builder()
        .overrides(FleetLaunchTemplateOverrides.builder().instanceType(type).subnetId(subnet).build()).build();
  }

  private static FleetPlan plan() {
    try {
      return FleetRequests.build(AwsTestPools.launch("linux", AwsTestPools.spec(List.of("subnet-a"), "m7i.large",
          "m6i.large"), CapacityType.SPOT, Set.of()), "ec2runner-abc", List.of(
          new ResolvedSubnet("subnet-a", "eu-west-1a"), new ResolvedSubnet("subnet-b", "eu-west-1b")), "token",
          InstallationId.DEFAULT);
    } catch (CloudException.InsufficientCapacity e) {
      throw new AssertionError(e);
    }
  }
}
