package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.v1alpha1.MetadataOptions;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.MotoServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;

class LaunchTemplateIT {

  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private final AwsCallCounts calls = new AwsCallCounts();
  private AwsClientFactory clients;
  private Ec2Client ec2;

  @BeforeEach
  void setUp() throws Exception {
    MOTO.reset();
    clients = MOTO.clientFactory(calls);
    ec2 = clients.forRegion(MotoServer.REGION).ec2();
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  private Ec2RunnerCloud cloud(Ec2CloudSettings settings) {
    return new Ec2RunnerCloud(clients, AwsTestPools.fixedDownloads(), new UserDataRenderer(), Clock.systemUTC(),
        settings);
  }

  @Test
  void createsOneTemplatePerPoolSpecAndReusesIt() throws Exception {
    RunnerPoolSpec spec = AwsTestPools.spec(AwsTestPools.defaultSubnetIds(ec2), "m5.large");
    Ec2RunnerCloud cloud = cloud(Ec2CloudSettings.defaults().withInstallation(new InstallationId("prod")));

    cloud.launch(AwsTestPools.launch("linux", spec));
    cloud.launch(AwsTestPools.launch("linux", spec));

    assertThat(calls.count("ec2:CreateLaunchTemplate")).isEqualTo(1);
    List<LaunchTemplate> templates = ec2.describeLaunchTemplates().launchTemplates();
    assertThat(templates).singleElement().satisfies(template -> {
      assertThat(template.launchTemplateName()).matches("ec2runner-prod-[0-9a-f]{24}");
      assertThat(template.tags()).extracting(tag -> tag.key() + "=" + tag.value())
          .contains("ec2runner.dev/managed=true", "ec2runner.dev/installation=prod");
    });
  }

  @Test
  void templateHoldsImageMetadataOptionsVolumeShutdownBehaviourAndUserData() throws Exception {
    RunnerPoolSpec spec = AwsTestPools.spec(AwsTestPools.defaultSubnetIds(ec2), "m5.large");
    cloud(Ec2CloudSettings.defaults()).launch(AwsTestPools.launch("linux", spec));

    String expectedAmi = clients.forRegion(MotoServer.REGION).ssm()
        .getParameter(r -> r.name(AwsTestPools.AL2023_PARAMETER)).parameter().value();
    ResponseLaunchTemplateData data = ec2.describeLaunchTemplateVersions(r -> r
        .launchTemplateName(ec2.describeLaunchTemplates().launchTemplates().get(0).launchTemplateName())
        .versions("$Latest")).launchTemplateVersions().get(0).launchTemplateData();

    assertThat(data.imageId()).isEqualTo(expectedAmi);
    assertThat(data.metadataOptions().httpTokensAsString()).isEqualTo("required");
    assertThat(data.metadataOptions().httpPutResponseHopLimit()).as("containers cannot reach IMDS by default")
        .isEqualTo(1);
    assertThat(data.instanceInitiatedShutdownBehaviorAsString()).isEqualTo("terminate");
    assertThat(data.blockDeviceMappings()).singleElement().satisfies(mapping -> {
      assertThat(mapping.deviceName()).isEqualTo("/dev/xvda");
      assertThat(mapping.ebs().volumeTypeAsString()).isEqualTo("gp3");
      assertThat(mapping.ebs().encrypted()).isTrue();
      assertThat(mapping.ebs().volumeSize()).isEqualTo(30);
    });
    assertThat(data.networkInterfaces()).singleElement()
        .satisfies(nic -> assertThat(nic.associatePublicIpAddress()).isFalse());
    String script = new String(Base64.getDecoder().decode(data.userData()), StandardCharsets.UTF_8);
    assertThat(script).startsWith("#!/bin/sh").contains("EC2RUNNER_NAMESPACE='ci'", "EC2RUNNER_POOL='linux'",
        "RUNNER_SHA256='" + AwsTestPools.LINUX_X64.sha256() + "'");
  }

  @Test
  void imdsV2IsRequiredEvenForAPoolStoredWithHttpTokensOptionalAndTheHopLimitIsThePoolsWhenItAsksForMore()
      throws Exception {
    // A pool stored before the schema refused "optional" still gets IMDSv2.
    RunnerPoolSpec spec = AwsTestPools.spec(AwsTestPools.defaultSubnetIds(ec2), "m5.large");
    spec.getEc2().setMetadataOptions(new MetadataOptions().withHttpTokens("optional")
        .withHttpPutResponseHopLimit(2));

    cloud(Ec2CloudSettings.defaults()).launch(AwsTestPools.launch("linux", spec));

    ResponseLaunchTemplateData data = ec2.describeLaunchTemplateVersions(r -> r
        .launchTemplateName(ec2.describeLaunchTemplates().launchTemplates().get(0).launchTemplateName())
        .versions("$Latest")).launchTemplateVersions().get(0).launchTemplateData();
    assertThat(data.metadataOptions().httpTokensAsString()).isEqualTo("required");
    assertThat(data.metadataOptions().httpPutResponseHopLimit()).isEqualTo(2);
  }

  @Test
  void aRestartedOperatorReusesTheExistingTemplate() throws Exception {
    RunnerPoolSpec spec = AwsTestPools.spec(AwsTestPools.defaultSubnetIds(ec2), "m5.large");
    cloud(Ec2CloudSettings.defaults()).launch(AwsTestPools.launch("linux", spec));

    // A fresh instance knows no template yet: CreateLaunchTemplate answers AlreadyExists, which is success.
    cloud(Ec2CloudSettings.defaults()).launch(AwsTestPools.launch("linux", spec));

    assertThat(ec2.describeLaunchTemplates().launchTemplates()).hasSize(1);
    assertThat(calls.count("ec2:CreateLaunchTemplate")).isEqualTo(2);
    assertThat(calls.count("ec2:CreateFleet")).isEqualTo(2);
  }

  @Test
  void aChangedSpecGetsANewTemplateAndPruningDeletesTheOldOneAndThoseOfRemovedPools() throws Exception {
    List<String> subnets = AwsTestPools.defaultSubnetIds(ec2);
    RunnerPoolSpec spec = AwsTestPools.spec(subnets, "m5.large");
    Ec2RunnerCloud cloud = cloud(Ec2CloudSettings.defaults().withLaunchTemplateMinAge(Duration.ZERO));
    cloud.launch(AwsTestPools.launch("linux", spec));
    cloud.launch(AwsTestPools.launch("removed", spec));
    String first = templateOf("linux");

    spec.getRunner().setPreJobScript("echo warming caches");
    cloud.launch(AwsTestPools.launch("linux", spec));
    String second = templateOf("linux", first);

    List<String> deleted = cloud.pruneLaunchTemplates(Set.of(new PoolRef("ci", "linux")));

    assertThat(second).isNotEqualTo(first);
    assertThat(deleted).hasSize(2).contains(first);
    assertThat(ec2.describeLaunchTemplates().launchTemplates())
        .extracting(LaunchTemplate::launchTemplateName).containsExactly(second);
  }

  private String templateOf(String pool, String... except) {
    return ec2.describeLaunchTemplates(r -> r.filters(f -> f.name("tag:ec2runner.dev/pool").values(pool)))
        .launchTemplates().stream().map(LaunchTemplate::launchTemplateName)
        .filter(name -> !List.of(except).contains(name)).findFirst().orElseThrow();
  }
}
