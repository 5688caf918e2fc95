package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.v1alpha1.AmiSelector;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.Offering;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.MotoServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;

class FleetLaunchIT {

  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private final AwsCallCounts calls = new AwsCallCounts();
  private AwsClientFactory clients;
  private Ec2Client ec2;
  private Ec2RunnerCloud cloud;
  private List<String> subnets;
  private Map<String, String> zoneBySubnet;

  @BeforeEach
  void setUp() throws Exception {
    MOTO.reset();
    clients = MOTO.clientFactory(calls);
    ec2 = clients.forRegion(MotoServer.REGION).ec2();
    cloud = new Ec2RunnerCloud(clients, AwsTestPools.fixedDownloads(), new UserDataRenderer(), Clock.systemUTC(),
        Ec2CloudSettings.defaults());
    subnets = AwsTestPools.defaultSubnetIds(ec2);
    zoneBySubnet = ec2.describeSubnets().subnets().stream()
        .collect(Collectors.toMap(Subnet::subnetId, Subnet::availabilityZone));
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void spotLaunchCarriesTheManagedAndPoolTags() throws Exception {
    LaunchRequest request = AwsTestPools.launch("linux", AwsTestPools.spec(subnets, "m5.large", "m6i.large"));

    LaunchedInstance launched = cloud.launch(request);

    Instance instance = describe(launched.instanceId());
    Map<String, String> tags = instance.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    assertThat(tags).containsEntry("ec2runner.dev/managed", "true")
        .containsEntry("ec2runner.dev/namespace", "ci")
        .containsEntry("ec2runner.dev/pool", "linux")
        .containsEntry("ec2runner.dev/runner", request.runnerName())
        .containsEntry("ec2runner.dev/runner-uid", request.idempotencyToken())
        .containsEntry("team", "ci")
        .containsEntry("Name", request.runnerName());
    assertThat(instance.instanceLifecycle()).isEqualTo(InstanceLifecycleType.SPOT);
    assertThat(launched.capacityType()).isEqualTo(CapacityType.SPOT);
    assertThat(launched.instanceType()).isEqualTo("m5.large");
    assertThat(launched.availabilityZone()).isEqualTo(zoneBySubnet.get(subnets.get(0)))
        .isEqualTo(instance.placement().availabilityZone());
  }

  @Test
  void onDemandLaunchIsOnDemand() throws Exception {
    LaunchRequest request = AwsTestPools.launch("linux", AwsTestPools.spec(subnets, "m5.large"),
        CapacityType.ON_DEMAND, Set.of());

    LaunchedInstance launched = cloud.launch(request);

    assertThat(launched.capacityType()).isEqualTo(CapacityType.ON_DEMAND);
    assertThat(describe(launched.instanceId()).instanceLifecycle()).isNull();
  }

  @Test
  void offeringsMarkedUnavailableAreLeftOutOfTheFleet() throws Exception {
    RunnerPoolSpec spec = AwsTestPools.spec(subnets, "m5.large", "m6i.large");
    String firstZone = zoneBySubnet.get(subnets.get(0));

    // moto fills an instant fleet from its first override, so the first override left shows what was sent.
    LaunchedInstance otherZone = cloud.launch(AwsTestPools.launch("linux", spec, CapacityType.SPOT,
        Set.of(new Offering("m5.large", firstZone, CapacityType.SPOT))));
    LaunchedInstance otherType = cloud.launch(AwsTestPools.launch("linux", spec, CapacityType.SPOT,
        Set.of(new Offering("m5.large", null, CapacityType.SPOT))));
    LaunchedInstance onDemandUnaffected = cloud.launch(AwsTestPools.launch("linux", spec, CapacityType.ON_DEMAND,
        Set.of(new Offering("m5.large", null, CapacityType.SPOT))));

    assertThat(otherZone.instanceType()).isEqualTo("m5.large");
    assertThat(otherZone.availabilityZone()).isNotEqualTo(firstZone);
    assertThat(otherType.instanceType()).isEqualTo("m6i.large");
    assertThat(otherType.availabilityZone()).isEqualTo(firstZone);
    assertThat(onDemandUnaffected.instanceType()).isEqualTo("m5.large");
  }

  @Test
  void everyOfferingUnavailableFailsWithoutCallingEc2() throws Exception {
    RunnerPoolSpec spec = AwsTestPools.spec(subnets.subList(0, 1), "m5.large");
    LaunchRequest request = AwsTestPools.launch("linux", spec, CapacityType.SPOT,
        Set.of(new Offering("m5.large", null, CapacityType.SPOT)));

    assertThatThrownBy(() -> cloud.launch(request))
        .isInstanceOfSatisfying(CloudException.InsufficientCapacity.class, e -> assertThat(e.offerings())
            .containsExactly(new Offering("m5.large", zoneBySubnet.get(subnets.get(0)), CapacityType.SPOT)));
    assertThat(calls.count("ec2:CreateFleet")).isZero();
  }

  @Test
  void anUnknownInstanceTypeIsAnInvalidConfiguration() {
    LaunchRequest request = AwsTestPools.launch("linux", AwsTestPools.spec(subnets, "m5.gigantic"));

    assertThatThrownBy(() -> cloud.launch(request)).isInstanceOf(CloudException.InvalidConfiguration.class)
        .hasMessageContaining("InvalidInstanceType").hasMessageContaining("spec.ec2.instanceTypes");
  }

  @Test
  void anUnknownAmiIsAnInvalidConfiguration() {
    RunnerPoolSpec spec = AwsTestPools.spec(subnets, "m5.large");
    spec.getEc2().setAmi(new AmiSelector().withId("ami-0123456789abcdef0"));

    assertThatThrownBy(() -> cloud.launch(AwsTestPools.launch("linux", spec)))
        .isInstanceOf(CloudException.InvalidConfiguration.class)
        .hasMessageContaining("ami-0123456789abcdef0").hasMessageContaining("spec.ec2.ami");
  }

  @Test
  void anUnknownSubnetIsAnInvalidConfiguration() {
    RunnerPoolSpec spec = AwsTestPools.spec(List.of("subnet-0123456789abcdef0"), "m5.large");

    assertThatThrownBy(() -> cloud.launch(AwsTestPools.launch("linux", spec)))
        .isInstanceOf(CloudException.InvalidConfiguration.class).hasMessageContaining("spec.ec2.subnets");
  }

  @Test
  void aTemplateDeletedBehindTheOperatorsBackIsRecreated() throws Exception {
    RunnerPoolSpec spec = AwsTestPools.spec(subnets, "m5.large");
    cloud.launch(AwsTestPools.launch("linux", spec));
    String name = ec2.describeLaunchTemplates().launchTemplates().get(0).launchTemplateName();
    ec2.deleteLaunchTemplate(r -> r.launchTemplateName(name));

    LaunchedInstance launched = cloud.launch(AwsTestPools.launch("linux", spec));

    assertThat(launched.instanceId()).startsWith("i-");
    assertThat(ec2.describeLaunchTemplates().launchTemplates()).singleElement()
        .satisfies(template -> assertThat(template.launchTemplateName()).isEqualTo(name));
  }

  private Instance describe(String instanceId) {
    return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
  }
}
