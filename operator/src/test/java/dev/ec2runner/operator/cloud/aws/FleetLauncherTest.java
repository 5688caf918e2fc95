package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.Offering;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeValue;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetInstance;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceAttributeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceAttributeResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * EC2's client-token semantics, which moto does not implement: a token repeated with the same request returns the
 * first answer, with other parameters fails with IdempotentParameterMismatch.
 */
class FleetLauncherTest {

  private static final List<ResolvedSubnet> SUBNETS = List.of(new ResolvedSubnet("subnet-a", "eu-west-1a"));

  private final TokenHonouringEc2 ec2 = new TokenHonouringEc2();
  private final PreparedLaunch prepared = new PreparedLaunch(new RegionClients("eu-west-1", ec2, null, null),
      "ec2runner-abc", SUBNETS);
  private final RunnerPoolSpec spec = AwsTestPools.spec(List.of("subnet-a"), "m5.large", "m6i.large");
  private final FleetLauncher launcher = new FleetLauncher(InstallationId.DEFAULT,
      new InstanceOwnership(InstallationId.DEFAULT));

  @Test
  void aRetryWithTheSameOverridesGetsTheFirstInstance() throws Exception {
    LaunchRequest request = AwsTestPools.launch("linux", spec);

    LaunchedInstance first = launcher.launch(prepared, request);
    LaunchedInstance again = launcher.launch(prepared, request);

    assertThat(again).isEqualTo(first);
    assertThat(ec2.instances).hasSize(1);
  }

  @Test
  void aRetryWithOtherOverridesFindsTheInstanceAnEarlierAttemptLaunched() throws Exception {
    LaunchRequest request = AwsTestPools.launch("linux", spec);
    LaunchedInstance first = launcher.launch(prepared, request);
    LaunchRequest narrowed = withUnavailable(request, new Offering("m5.large", null, CapacityType.SPOT));

    LaunchedInstance again = launcher.launch(prepared, narrowed);

    assertThat(again.instanceId()).isEqualTo(first.instanceId());
    assertThat(ec2.instances).hasSize(1);
  }

  @Test
  void aRetryWithOtherOverridesAfterAFailedAttemptLaunchesUnderADerivedToken() throws Exception {
    LaunchRequest request = AwsTestPools.launch("linux", spec);
    ec2.noCapacityFor.addAll(List.of("m5.large", "m6i.large"));
    assertThatThrownBy(() -> launcher.launch(prepared, request))
        .isInstanceOf(CloudException.InsufficientCapacity.class);
    // m6i.large capacity comes back; the caller has marked m5.large unavailable meanwhile.
    ec2.noCapacityFor.remove("m6i.large");
    LaunchRequest narrowed = withUnavailable(request, new Offering("m5.large", null, CapacityType.SPOT));

    LaunchedInstance launched = launcher.launch(prepared, narrowed);
    LaunchedInstance repeated = launcher.launch(prepared, narrowed);

    assertThat(launched.instanceType()).isEqualTo("m6i.large");
    assertThat(repeated).isEqualTo(launched);
    assertThat(ec2.instances).hasSize(1);
  }

  @Test
  void aRetryWithOtherOverridesAdoptsNoInstanceThatOnlyCarriesTheTokensTags() throws Exception {
    LaunchRequest request = AwsTestPools.launch("linux", spec);
    ec2.noCapacityFor.addAll(List.of("m5.large", "m6i.large"));
    assertThatThrownBy(() -> launcher.launch(prepared, request))
        .isInstanceOf(CloudException.InsufficientCapacity.class);
    // Meanwhile someone tags an instance of theirs with this installation's tags and the Runner's UID.
    String handTagged = ec2.runTagged(List.of(tag("ec2runner.dev/managed", "true"),
        tag("ec2runner.dev/installation", InstallationId.DEFAULT.value()),
        tag("ec2runner.dev/runner-uid", request.idempotencyToken())));
    ec2.noCapacityFor.remove("m6i.large");
    LaunchRequest narrowed = withUnavailable(request, new Offering("m5.large", null, CapacityType.SPOT));

    LaunchedInstance launched = launcher.launch(prepared, narrowed);

    assertThat(launched.instanceId()).isNotEqualTo(handTagged);
    assertThat(launched.instanceType()).isEqualTo("m6i.large");
    assertThat(ec2.instances).hasSize(2);
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  private static LaunchRequest withUnavailable(LaunchRequest request, Offering offering) {
    return new LaunchRequest(request.namespace(), request.pool(), request.runnerName(), request.idempotencyToken(),
        request.capacityType(), request.poolSpec(), Set.of(offering));
  }

  /**
   * A tiny EC2: instant fleets from the first override with capacity, client tokens as EC2 keeps them; instances it
   * launched have this installation's user data, as its launch template would give them.
   */
  private static final class TokenHonouringEc2 implements Ec2Client {
    private static final String USER_DATA = Base64.getEncoder().encodeToString(
        ("#!/bin/sh\n" + UserDataRenderer.installationLine(InstallationId.DEFAULT.value()) + "\n")
            .getBytes(StandardCharsets.UTF_8));
    private final Map<String, CreateFleetRequest> requestByToken = new HashMap<>();
    private final Map<String, CreateFleetResponse> responseByToken = new HashMap<>();
    private final List<Instance> instances = new ArrayList<>();
    private final Set<String> launchedFromTemplate = new java.util.HashSet<>();
    private final Set<String> noCapacityFor = new java.util.HashSet<>();

    @Override
    public CreateFleetResponse createFleet(CreateFleetRequest request) {
      String token = request.clientToken();
      if (requestByToken.containsKey(token)) {
        if (!requestByToken.get(token).equals(request)) {
          throw (Ec2Exception) Ec2Exception.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
              .errorCode("IdempotentParameterMismatch").errorMessage("token reused").build()).build();
        }
        return responseByToken.get(token);
      }
      CreateFleetResponse response = launch(request);
      requestByToken.put(token, request);
      responseByToken.put(token, response);
      return response;
    }

    private CreateFleetResponse launch(CreateFleetRequest request) {
      for (var override : request.launchTemplateConfigs().get(0).overrides()) {
        if (noCapacityFor.contains(override.instanceTypeAsString())) {
          continue;
        }
        String id = String.format("i-%017x", instances.size() + 1);
        launchedFromTemplate.add(id);
        List<Tag> tags = request.tagSpecifications().get(0).tags();
        instances.add(Instance.builder().instanceId(id).instanceType(override.instanceTypeAsString()).tags(tags)
            .state(s -> s.name(InstanceStateName.RUNNING)).placement(p -> p.availabilityZone("eu-west-1a"))
            .instanceLifecycle(InstanceLifecycleType.SPOT).build());
        return CreateFleetResponse.builder().instances(CreateFleetInstance.builder().instanceIds(id)
            .instanceType(override.instanceTypeAsString()).lifecycle("spot")
            .launchTemplateAndOverrides(l -> l.overrides(o -> o.instanceType(override.instanceTypeAsString())
                .subnetId(override.subnetId())))
            .build()).build();
      }
      return CreateFleetResponse.builder().errors(CreateFleetError.builder()
          .errorCode("InsufficientInstanceCapacity").errorMessage("no capacity").build()).build();
    }

    /** An instance someone else ran and tagged: no user data of this installation. */
    String runTagged(List<Tag> tags) {
      String id = String.format("i-%017x", instances.size() + 1);
      instances.add(Instance.builder().instanceId(id).instanceType("m5.large").tags(tags)
          .state(s -> s.name(InstanceStateName.RUNNING)).placement(p -> p.availabilityZone("eu-west-1a")).build());
      return id;
    }

    @Override
    public DescribeInstanceAttributeResponse describeInstanceAttribute(DescribeInstanceAttributeRequest request) {
      return DescribeInstanceAttributeResponse.builder().instanceId(request.instanceId())
          .userData(launchedFromTemplate.contains(request.instanceId())
              ? AttributeValue.builder().value(USER_DATA).build() : null)
          .build();
    }

    @Override
    public DescribeInstancesResponse describeInstances(DescribeInstancesRequest request) {
      Filter byUid = request.filters().stream().filter(f -> f.name().equals("tag:ec2runner.dev/runner-uid"))
          .findFirst().orElseThrow();
      List<Instance> matching = instances.stream().filter(i -> i.tags().stream()
          .anyMatch(t -> t.key().equals("ec2runner.dev/runner-uid") && byUid.values().contains(t.value()))).toList();
      return DescribeInstancesResponse.builder()
          .reservations(Reservation.builder().instances(matching).build()).build();
    }

    @Override
    public String serviceName() {
      return "ec2";
    }

    @Override
    public void close() {
    }
  }
}
