package dev.ec2runner.simulator.cloud;

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
 * The contract against the simulated cloud, plus what only the simulation can show: moto ignores client tokens,
 * has no capacity errors, fills every fleet from its first override and shows no pending state.
 */
class SimulatedRunnerCloudContractTest extends RunnerCloudContract {

  private static final SimulatedCloudSettings SETTINGS = SimulatedCloudSettings.defaults()
      .withBootDelay(Duration.ofSeconds(40)).withTerminationDelay(Duration.ofSeconds(20))
      .withSubnetZones(Map.of("subnet-0000000000000000a", "eu-west-1a", "subnet-0000000000000000b", "eu-west-1b"));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  private final SimulatedRunnerCloud cloud = new SimulatedRunnerCloud(clock, SETTINGS);

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

  // Simulation only: moto shows no pending state.
  @Test
  void instancesArePendingUntilTheBootDelayHasPassed() throws Exception {
    LaunchedInstance launched = cloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large")));

    assertThat(find(launched.instanceId()).state()).isEqualTo(InstanceState.PENDING);
    clock.advance(SETTINGS.bootDelay().minusSeconds(1));
    assertThat(find(launched.instanceId()).state()).isEqualTo(InstanceState.PENDING);
    clock.advance(Duration.ofSeconds(1));
    assertThat(find(launched.instanceId()).state()).isEqualTo(InstanceState.RUNNING);
  }

  // Simulation only: moto ignores ClientToken idempotency.
  @Test
  void aRepeatedTokenReturnsTheFirstInstanceAndLaunchesNothingNew() throws Exception {
    LaunchRequest request = AwsTestPools.launch("linux", poolSpec("m5.large"));

    LaunchedInstance first = cloud.launch(request);
    LaunchedInstance again = cloud.launch(request);

    assertThat(again).isEqualTo(first);
    assertThat(cloud.listInstances()).hasSize(1);
  }

  // Simulation only: moto has no capacity errors and always fills from the first override.
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

  // Simulation only: capacity errors.
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

  // Simulation only: moto cannot interrupt spot instances.
  @Test
  void aSpotInterruptionShutsTheInstanceDownAndThenItIsGone() throws Exception {
    LaunchedInstance launched = cloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large")));
    clock.advance(SETTINGS.bootDelay());

    assertThat(cloud.interrupt(launched.instanceId())).isTrue();
    assertThat(find(launched.instanceId()).state()).isEqualTo(InstanceState.SHUTTING_DOWN);
    assertThat(find(launched.instanceId()).reclaimed()).isTrue();
    clock.advance(SETTINGS.terminationDelay());

    // Terminated, it is still described for an hour as EC2 ended it (state reason Server.SpotInstanceTermination).
    assertThat(cloud.listInstances()).singleElement().satisfies(i -> {
      assertThat(i.state()).isEqualTo(InstanceState.TERMINATED);
      assertThat(i.reclaimed()).isTrue();
    });
    assertThat(cloud.interrupt(launched.instanceId())).isFalse();
    clock.advance(Duration.ofHours(1));
    assertThat(cloud.listInstances()).isEmpty();
  }

  // Simulation only: an instance powering itself off is not reclaimed, and is not described once terminated.
  @Test
  void anInstanceThatShutsItselfDownIsNotReclaimed() throws Exception {
    LaunchedInstance launched = cloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large")));
    clock.advance(SETTINGS.bootDelay());

    cloud.shutDownFromInside(launched.instanceId());
    assertThat(find(launched.instanceId()).reclaimed()).isFalse();
    clock.advance(SETTINGS.terminationDelay());
    assertThat(cloud.listInstances()).isEmpty();
  }

  // Simulation only: failure switches.
  @Test
  void injectedFailuresHitTheNextLaunchesOnlyAndRatesThrottleCalls() throws Exception {
    LaunchRequest request = AwsTestPools.launch("linux", poolSpec("m5.large"));
    cloud.failNextLaunch(new CloudException.InvalidConfiguration("simulated bad AMI"));

    assertThatThrownBy(() -> cloud.launch(request)).isInstanceOf(CloudException.InvalidConfiguration.class);
    assertThat(cloud.launch(request).instanceId()).startsWith("i-");

    cloud.throttleRate(1.0);
    assertThatThrownBy(() -> cloud.listInstances()).isInstanceOf(CloudException.Throttled.class);
    cloud.throttleRate(0.0);
    cloud.apiErrorRate(1.0);
    assertThatThrownBy(() -> cloud.listInstances()).isExactlyInstanceOf(CloudException.class)
        .hasMessageContaining("InternalError");
  }

  @Test
  void logsCallsByActionAndPagesDescribeLikeEc2() throws Exception {
    SimulatedRunnerCloud paged = new SimulatedRunnerCloud(clock, SETTINGS.withDescribePageSize(2));
    for (int i = 0; i < 5; i++) {
      paged.launch(AwsTestPools.launch("linux", poolSpec("m5.large")));
    }

    paged.listInstances();

    // Three pages of live instances, and one call for the reclaimed terminated ones.
    assertThat(paged.callCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "CreateFleet", 5L, "DescribeInstances", 4L));
  }

  @Test
  void accountsBilledTimeFromRunningToTerminated() throws Exception {
    LaunchedInstance spot = cloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large")));
    cloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large"), CapacityType.ON_DEMAND, Set.of()));
    clock.advance(SETTINGS.bootDelay().plus(Duration.ofMinutes(10)));
    cloud.terminate(List.of(spot.instanceId()));
    clock.advance(Duration.ofHours(1));

    assertThat(cloud.usage()).containsExactly(
        new InstanceUsage("m5.large", CapacityType.ON_DEMAND, Duration.ofMinutes(70), 1),
        new InstanceUsage("m5.large", CapacityType.SPOT,
            Duration.ofMinutes(10).plus(SETTINGS.terminationDelay()), 1));
  }

  @Test
  void theInstanceTakesItsConfigurationOnceAndResetForgetsEverything() throws Exception {
    LaunchedInstance launched = cloud.launch(AwsTestPools.launch("linux", poolSpec("m5.large")));
    cloud.handOffRunnerConfig(new dev.ec2runner.operator.cloud.RunnerConfigKey("ci", "linux",
        launched.instanceId()), dev.ec2runner.operator.Sensitive.of("jit"));

    assertThat(cloud.takeRunnerConfig("ci", "linux", launched.instanceId())).isPresent();
    assertThat(cloud.takeRunnerConfig("ci", "linux", launched.instanceId())).isEmpty();

    cloud.reset();
    assertThat(cloud.listInstances()).isEmpty();
    assertThat(cloud.calls()).containsExactly("DescribeInstances", "DescribeInstances");
  }
}
