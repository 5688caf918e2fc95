package dev.ec2runner.operator.cloud.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.cloud.CloudInstance.InstanceState;
import dev.ec2runner.operator.cloud.LaunchRequest;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.Offering;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.RunnerCloudContract;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract against the fake, plus what only the fake can show: moto ignores client tokens, has no capacity
 * errors, fills every fleet from its first override, shows no pending state and cannot reclaim instances.
 */
class FakeRunnerCloudContractTest extends RunnerCloudContract {

  private static final FakeCloudSettings SETTINGS = FakeCloudSettings.defaults()
      .withBootDelay(Duration.ofSeconds(40)).withTerminationDelay(Duration.ofSeconds(20))
      .withSubnetZones(Map.of("subnet-0000000000000000a", "eu-west-1a", "subnet-0000000000000000b", "eu-west-1b"));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  private final FakeRunnerCloud cloud = new FakeRunnerCloud(clock, SETTINGS);

  @Override
  protected RunnerCloud cloud() {
    return cloud;
  }

  @Override
  protected RunnerPoolSpec poolSpec(String... instanceTypes) {
    return AwsTestPools.spec(List.of("subnet-0000000000000000a", "subnet-0000000000000000b"), instanceTypes);
  }

  @Override
  protected String instanceOfOtherInstallation() {
    return cloud.addTaggedInstance(OTHER.value(), "ci", "linux", "linux-other", "uid-of-the-other-installation");
  }

  @Override
  protected void storeConfigOfOtherInstallation(RunnerConfigKey key) {
    cloud.storeRunnerConfigOf(OTHER, key, Sensitive.of("theirs"));
  }

  @Override
  protected String handTaggedInstance(String runnerUid) {
    return cloud.addTaggedInstance("default", "ci", "linux", "linux-hand1", runnerUid);
  }

  @Override
  protected String instanceOfEarlierRelease(String runnerUid) {
    return cloud.addTaggedInstance(null, "ci", "linux", "linux-old01", runnerUid);
  }

  @Override
  protected boolean running(String instanceId) {
    return cloud.allInstances().stream()
        .anyMatch(i -> i.instanceId().equals(instanceId) && i.state() == InstanceState.RUNNING);
  }

  @Override
  protected void letInstancesBoot() {
    clock.advance(SETTINGS.bootDelay());
  }

  @Override
  protected void letTerminationsFinish() {
    clock.advance(SETTINGS.terminationDelay());
  }

  // Fake only: moto shows no pending state.
  @Test
  void instancesArePendingUntilTheBootDelayHasPassed() throws Exception {
    LaunchedInstance launched = cloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large")));

    assertThat(find(launched.instanceId()).state()).isEqualTo(InstanceState.PENDING);
    clock.advance(SETTINGS.bootDelay().minusSeconds(1));
    assertThat(find(launched.instanceId()).state()).isEqualTo(InstanceState.PENDING);
    clock.advance(Duration.ofSeconds(1));
    assertThat(find(launched.instanceId()).state()).isEqualTo(InstanceState.RUNNING);
  }

  // Fake only: moto ignores ClientToken idempotency.
  @Test
  void aRepeatedTokenReturnsTheFirstInstanceAndLaunchesNothingNew() throws Exception {
    LaunchRequest request = AwsTestPools.launch("linux", poolSpec("m5.large"));

    LaunchedInstance first = cloud.launch(request);
    LaunchedInstance again = cloud.launch(request);

    assertThat(again).isEqualTo(first);
    assertThat(cloud.listInstances()).hasSize(1);
  }

  // Fake only: moto has no capacity errors and always fills from the first override.
  @Test
  void capacityOutagesFallThroughToTheNextOverride() throws Exception {
    cloud.addCapacityOutage("m5.large", "eu-west-1a", CapacityType.SPOT, clock.instant().plus(Duration.ofHours(1)));

    LaunchedInstance otherZone = cloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large", "m6i.large")));
    cloud.addCapacityOutage("m5.large", null, CapacityType.SPOT, clock.instant().plus(Duration.ofHours(1)));
    LaunchedInstance otherType = cloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large", "m6i.large")));
    LaunchedInstance onDemand = cloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large", "m6i.large"),
        CapacityType.ON_DEMAND, Set.of()));

    assertThat(otherZone.instanceType()).isEqualTo("m5.large");
    assertThat(otherZone.availabilityZone()).isEqualTo("eu-west-1b");
    assertThat(otherType.instanceType()).isEqualTo("m6i.large");
    assertThat(onDemand.instanceType()).isEqualTo("m5.large");
  }

  // Fake only: capacity errors.
  @Test
  void noCapacityAnywhereNamesEveryOfferingTriedAndEndsWithTheOutage() throws Exception {
    cloud.addCapacityOutage("m5.large", null, CapacityType.SPOT, clock.instant().plus(Duration.ofMinutes(5)));
    LaunchRequest request = AwsTestPools.launch("linux", poolSpec("m5.large"));

    assertThatThrownBy(() -> cloud.launch(request))
        .isInstanceOfSatisfying(CloudException.InsufficientCapacity.class, e -> assertThat(e.offerings())
            .containsExactly(new Offering("m5.large", "eu-west-1a", CapacityType.SPOT),
                new Offering("m5.large", "eu-west-1b", CapacityType.SPOT)));
    clock.advance(Duration.ofMinutes(5));
    assertThat(cloud.launch(request).instanceType()).isEqualTo("m5.large");
  }

  // Fake only: moto cannot reclaim instances as a spot interruption does.
  @Test
  void aReclaimedInstanceShutsDownAndStaysDescribedForAnHourOnceTerminated() throws Exception {
    LaunchedInstance launched = cloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large")));
    clock.advance(SETTINGS.bootDelay());

    assertThat(cloud.reclaim(launched.instanceId())).isTrue();
    assertThat(find(launched.instanceId()).state()).isEqualTo(InstanceState.SHUTTING_DOWN);
    assertThat(find(launched.instanceId()).reclaimed()).isTrue();
    clock.advance(SETTINGS.terminationDelay());

    // Terminated, it is still described for an hour as EC2 ended it (state reason Server.SpotInstanceTermination).
    assertThat(cloud.listInstances()).singleElement().satisfies(i -> {
      assertThat(i.state()).isEqualTo(InstanceState.TERMINATED);
      assertThat(i.reclaimed()).isTrue();
    });
    assertThat(cloud.reclaim(launched.instanceId())).isFalse();
    clock.advance(Duration.ofHours(1));
    assertThat(cloud.listInstances()).isEmpty();
  }

  // Fake only: an instance powering itself off is not reclaimed, and is not described once terminated.
  @Test
  void anInstanceThatShutsItselfDownIsNotReclaimed() throws Exception {
    LaunchedInstance launched = cloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large")));
    clock.advance(SETTINGS.bootDelay());

    cloud.shutDownFromInside(launched.instanceId());
    assertThat(find(launched.instanceId()).reclaimed()).isFalse();
    clock.advance(SETTINGS.terminationDelay());
    assertThat(cloud.listInstances()).isEmpty();
  }

  // Fake only: failure switches.
  @Test
  void queuedFailuresHitTheNextLaunchesOnly() throws Exception {
    LaunchRequest request = AwsTestPools.launch("linux", poolSpec("m5.large"));
    cloud.failNextLaunch(new CloudException.InvalidConfiguration("simulated bad AMI"));

    assertThatThrownBy(() -> cloud.launch(request)).isInstanceOf(CloudException.InvalidConfiguration.class);
    assertThat(cloud.launch(request).instanceId()).startsWith("i-");
    assertThat(cloud.launches()).containsExactly(request, request);

    assertThat(cloud.listInstances()).hasSize(1);
  }

  // Fake only: an outage of every instance type, as when a whole capacity type is out.
  @Test
  void anOutageWithoutInstanceTypeCoversEveryTypeUntilCleared() throws Exception {
    cloud.addCapacityOutage(null, null, CapacityType.SPOT, Instant.MAX);
    LaunchRequest spot = AwsTestPools.launch("linux", poolSpec("m5.large", "m6i.large"));

    assertThatThrownBy(() -> cloud.launch(spot)).isInstanceOfSatisfying(CloudException.InsufficientCapacity.class,
        e -> assertThat(e.offerings()).hasSize(4));
    assertThat(cloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large"), CapacityType.ON_DEMAND, Set.of()))
        .capacityType()).isEqualTo(CapacityType.ON_DEMAND);
    cloud.clearCapacityOutages();
    assertThat(cloud.launch(spot).capacityType()).isEqualTo(CapacityType.SPOT);
  }

  // Fake only: an orphan is listed and terminated as one this installation launched; a hand-tagged one is not.
  @Test
  void anAddedOrphanIsTerminatedAsLaunchedHere() throws Exception {
    String orphan = cloud.addOrphanInstance("ci", "linux", "linux-gone1", "uid-of-a-deleted-runner");

    assertThat(find(orphan).state()).isEqualTo(InstanceState.RUNNING);
    assertThat(cloud.terminateLaunchedHere(null, List.of(orphan))).containsExactly(orphan);
  }

  @Test
  void immediateSettingsRunAndTerminateInstancesAtOnce() throws Exception {
    FakeRunnerCloud immediate = new FakeRunnerCloud(clock);
    LaunchedInstance launched = immediate.launch(AwsTestPools.launch("linux", poolSpec("m5.large")));

    assertThat(immediate.running()).extracting(i -> i.instanceId()).containsExactly(launched.instanceId());
    assertThat(immediate.instanceOfRunner(immediate.launches().get(0).runnerName())).isPresent();
    immediate.terminate(List.of(launched.instanceId()));
    assertThat(immediate.listInstances()).isEmpty();
  }

  @Test
  void logsCallsByActionAndPagesDescribeLikeEc2() throws Exception {
    FakeRunnerCloud paged = new FakeRunnerCloud(clock, SETTINGS.withDescribePageSize(2));
    for (int i = 0; i < 5; i++) {
      paged.launch(AwsTestPools.launch("linux", poolSpec("m5.large")));
    }

    paged.listInstances();

    // Three pages of live instances, and one call for the reclaimed terminated ones.
    assertThat(paged.callCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "CreateFleet", 5L, "DescribeInstances", 4L));
  }

  @Test
  void billsEachInstanceFromRunningToTerminated() throws Exception {
    LaunchedInstance spot = cloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large")));
    LaunchedInstance onDemand = cloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large"),
        CapacityType.ON_DEMAND, Set.of()));
    clock.advance(SETTINGS.bootDelay().plus(Duration.ofMinutes(10)));
    cloud.terminate(List.of(spot.instanceId()));
    clock.advance(Duration.ofHours(1));

    assertThat(cloud.billedPerInstance()).containsExactly(
        Map.entry(spot.instanceId(), Duration.ofMinutes(10).plus(SETTINGS.terminationDelay())),
        Map.entry(onDemand.instanceId(), Duration.ofMinutes(70)));
  }

  @Test
  void theInstanceTakesItsConfigurationOnceAndResetForgetsEverything() throws Exception {
    LaunchedInstance launched = cloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large")));
    cloud.handOffRunnerConfig(new RunnerConfigKey("ci", "linux", launched.instanceId()), Sensitive.of("jit"));

    assertThat(cloud.takeRunnerConfig("ci", "linux", launched.instanceId())).isPresent();
    assertThat(cloud.takeRunnerConfig("ci", "linux", launched.instanceId())).isEmpty();

    cloud.reset();
    assertThat(cloud.listInstances()).isEmpty();
    assertThat(cloud.calls()).containsExactly("DescribeInstances", "DescribeInstances");
  }
}
