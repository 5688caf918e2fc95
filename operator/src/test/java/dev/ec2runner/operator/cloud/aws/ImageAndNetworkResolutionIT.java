package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.v1alpha1.AmiSelector;
import dev.ec2runner.api.v1alpha1.ResourceSelector;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.MotoServer;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;

class ImageAndNetworkResolutionIT {

  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private AwsClientFactory clients;
  private Ec2Client ec2;
  private Ec2RunnerCloud cloud;
  private List<String> defaultSubnets;

  @BeforeEach
  void setUp() throws Exception {
    MOTO.reset();
    clients = MOTO.clientFactory();
    ec2 = clients.forRegion(MotoServer.REGION).ec2();
    cloud = new Ec2RunnerCloud(clients, AwsTestPools.fixedDownloads(), new UserDataRenderer(), Clock.systemUTC(),
        Ec2CloudSettings.defaults());
    defaultSubnets = AwsTestPools.defaultSubnetIds(ec2);
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void resolvesTheAmiFromThePublicSsmParameter() throws Exception {
    String expected = clients.forRegion(MotoServer.REGION).ssm()
        .getParameter(r -> r.name(AwsTestPools.AL2023_PARAMETER)).parameter().value();

    cloud.launch(AwsTestPools.launch("linux", AwsTestPools.spec(defaultSubnets, "m5.large")));

    assertThat(templateData().imageId()).isEqualTo(expected);
  }

  @Test
  void aPoolWithoutAnAmiGetsTheLatestAmazonLinux2023OfItsInstanceTypesArchitecture() throws Exception {
    String arm64 = clients.forRegion(MotoServer.REGION).ssm()
        .getParameter(r -> r.name("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"))
        .parameter().value();
    String x86 = clients.forRegion(MotoServer.REGION).ssm()
        .getParameter(r -> r.name(AwsTestPools.AL2023_PARAMETER)).parameter().value();
    RunnerPoolSpec graviton = AwsTestPools.spec(defaultSubnets, "m6g.large");
    graviton.getEc2().setAmi(null);
    graviton.getRunner().setArchitecture(null);

    cloud.launch(AwsTestPools.launch("graviton", graviton));

    assertThat(templateData().imageId()).isEqualTo(arm64).isNotEqualTo(x86);
    assertThat(ec2.describeImages(r -> r.imageIds(arm64)).images().get(0).architectureAsString())
        .isEqualTo("arm64");
  }

  @Test
  void resolvesTheNewestAmiMatchingANameFilter() throws Exception {
    String pattern = "al2023-ami-2023.*-kernel-6.1-x86_64";
    String newest = ec2.describeImages(r -> r.owners("amazon").filters(f -> f.name("name").values(pattern)))
        .images().stream()
        .max(Comparator.comparing(Image::creationDate).thenComparing(Image::name))
        .map(Image::imageId).orElseThrow();
    RunnerPoolSpec spec = AwsTestPools.spec(defaultSubnets, "m5.large");
    spec.getEc2().setAmi(new AmiSelector().withName(pattern).withOwner("amazon"));

    cloud.launch(AwsTestPools.launch("linux", spec));

    assertThat(templateData().imageId()).isEqualTo(newest);
  }

  @Test
  void anAmiOfAnotherArchitectureIsRejected() {
    RunnerPoolSpec spec = AwsTestPools.spec(defaultSubnets, "m5.large");
    spec.getEc2().setAmi(new AmiSelector()
        .withSsmParameter("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"));

    assertThatThrownBy(() -> cloud.launch(AwsTestPools.launch("linux", spec)))
        .isInstanceOf(CloudException.InvalidConfiguration.class).hasMessageContaining("arm64")
        .hasMessageContaining("spec.runner.architecture");
  }

  @Test
  void anUnknownSsmParameterOrUnmatchedNameIsAnInvalidConfiguration() {
    RunnerPoolSpec bySsm = AwsTestPools.spec(defaultSubnets, "m5.large");
    bySsm.getEc2().setAmi(new AmiSelector().withSsmParameter("/no/such/parameter"));
    RunnerPoolSpec byName = AwsTestPools.spec(defaultSubnets, "m5.large");
    byName.getEc2().setAmi(new AmiSelector().withName("no-such-image-*").withOwner("amazon"));

    assertThatThrownBy(() -> cloud.launch(AwsTestPools.launch("linux", bySsm)))
        .isInstanceOf(CloudException.InvalidConfiguration.class).hasMessageContaining("/no/such/parameter");
    assertThatThrownBy(() -> cloud.launch(AwsTestPools.launch("linux", byName)))
        .isInstanceOf(CloudException.InvalidConfiguration.class).hasMessageContaining("no-such-image-*");
  }

  @Test
  void resolvesSubnetsAndSecurityGroupsByTags() throws Exception {
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.20.0.0/16")).vpc().vpcId();
    String runnersSubnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.20.1.0/24")
        .availabilityZone(MotoServer.REGION + "b")
        .tagSpecifications(t -> t.resourceType(ResourceType.SUBNET).tags(tag -> tag.key("tier").value("runners"))))
        .subnet().subnetId();
    ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.20.2.0/24").availabilityZone(MotoServer.REGION + "c")
        .tagSpecifications(t -> t.resourceType(ResourceType.SUBNET).tags(tag -> tag.key("tier").value("web"))));
    String group = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("runners").description("runners")
        .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP)
            .tags(tag -> tag.key("ec2runner").value("yes")))).groupId();
    RunnerPoolSpec spec = AwsTestPools.spec(defaultSubnets, "m5.large");
    spec.getEc2().setSubnets(List.of(new ResourceSelector().withTags(Map.of("tier", "runners"))));
    spec.getEc2().setSecurityGroups(List.of(new ResourceSelector().withTags(Map.of("ec2runner", "*"))));

    LaunchedInstance launched = cloud.launch(AwsTestPools.launch("linux", spec));

    assertThat(ec2.describeInstances(r -> r.instanceIds(launched.instanceId())).reservations().get(0).instances()
        .get(0).subnetId()).isEqualTo(runnersSubnet);
    assertThat(launched.availabilityZone()).isEqualTo(MotoServer.REGION + "b");
    assertThat(templateData().networkInterfaces().get(0).groups()).containsExactly(group);
  }

  @Test
  void aTagSelectorMatchingNoSubnetIsAnInvalidConfiguration() {
    RunnerPoolSpec spec = AwsTestPools.spec(defaultSubnets, "m5.large");
    spec.getEc2().setSubnets(List.of(new ResourceSelector().withTags(Map.of("tier", "nowhere"))));

    assertThatThrownBy(() -> cloud.launch(AwsTestPools.launch("linux", spec)))
        .isInstanceOf(CloudException.InvalidConfiguration.class).hasMessageContaining("tier=nowhere")
        .hasMessageContaining("spec.ec2.subnets");
  }

  private ResponseLaunchTemplateData templateData() {
    String name = ec2.describeLaunchTemplates().launchTemplates().get(0).launchTemplateName();
    return ec2.describeLaunchTemplateVersions(r -> r.launchTemplateName(name).versions("$Latest"))
        .launchTemplateVersions().get(0).launchTemplateData();
  }
}
