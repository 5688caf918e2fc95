package dev.ec2runner.operator.testsupport;

import dev.ec2runner.api.v1alpha1.AmiSelector;
import dev.ec2runner.api.v1alpha1.Ec2Settings;
import dev.ec2runner.api.v1alpha1.ResourceSelector;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.api.v1alpha1.RunnerSettings;
import dev.ec2runner.operator.bootstrap.RunnerDownload;
import dev.ec2runner.operator.bootstrap.RunnerDownloads;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.Offering;
import dev.ec2runner.operator.cloud.aws.AwsClientFactory;
import dev.ec2runner.operator.cloud.aws.RegionClients;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Pool specs and launch requests for tests against moto (region eu-west-1, its default VPC, AL2023). */
public final class AwsTestPools {

  public static final String AL2023_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
  public static final String RUNNER_VERSION = "2.330.0";
  /** What GitHub's runners/downloads endpoint answers for linux/x64 (checksum of the test archive, not the real one). */
  public static final RunnerDownload LINUX_X64 = new RunnerDownload("linux", "x64",
      "https://github.com/actions/runner/releases/download/v" + RUNNER_VERSION + "/actions-runner-linux-x64-"
          + RUNNER_VERSION + ".tar.gz",
      "actions-runner-linux-x64-" + RUNNER_VERSION + ".tar.gz",
      "0f8d1c3b5e7a9d2c4b6e8f0a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e");

  private AwsTestPools() {
  }

  /** Always answers {@link #LINUX_X64}. */
  public static RunnerDownloads fixedDownloads() {
    return (namespace, pool, spec) -> LINUX_X64;
  }

  /**
   * Runs an m5.large from AL2023 outside any launch template, with these instance tags and this user data script:
   * an instance someone tagged to look managed, or one a release before installation ids launched.
   */
  public static String runTaggedInstance(AwsClientFactory clients, Map<String, String> tags, String script) {
    RegionClients region = clients.forRegion(MotoServer.REGION);
    String image = region.ssm().getParameter(r -> r.name(AL2023_PARAMETER)).parameter().value();
    List<Tag> tagList = tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    return region.ec2().runInstances(r -> r.imageId(image).instanceType("m5.large").minCount(1).maxCount(1)
            .userData(Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8)))
            .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tagList).build()))
        .instances().get(0).instanceId();
  }

  /** The default VPC's subnets of the region, in zone order. */
  public static List<String> defaultSubnetIds(Ec2Client ec2) {
    return ec2.describeSubnets(r -> r.filters(f -> f.name("default-for-az").values("true"))).subnets().stream()
        .sorted(java.util.Comparator.comparing(Subnet::availabilityZone))
        .map(Subnet::subnetId).toList();
  }

  /** A spot-with-fallback pool on AL2023 (by SSM alias) in the given subnets. */
  public static RunnerPoolSpec spec(List<String> subnetIds, String... instanceTypes) {
    return new RunnerPoolSpec()
        .withRunner(new RunnerSettings().withArchitecture("x64").withOs("linux"))
        .withEc2(new Ec2Settings()
            .withRegion(MotoServer.REGION)
            .withAmi(new AmiSelector().withSsmParameter(AL2023_PARAMETER))
            .withInstanceTypes(List.of(instanceTypes))
            .withCapacityType("spot-with-fallback")
            .withSubnets(subnetIds.stream().map(id -> new ResourceSelector().withId(id)).toList())
            .withTags(Map.of("team", "ci")));
  }

  public static LaunchRequest launch(String pool, RunnerPoolSpec spec, CapacityType capacityType,
      Set<Offering> unavailable) {
    String suffix = UUID.randomUUID().toString().substring(0, 5);
    return new LaunchRequest("ci", pool, pool + "-" + suffix, UUID.randomUUID().toString(), capacityType, spec,
        unavailable);
  }

  public static LaunchRequest launch(String pool, RunnerPoolSpec spec) {
    return launch(pool, spec, CapacityType.SPOT, Set.of());
  }
}
