package dev.ec2runner.operator.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.cloud.CloudInstance.InstanceState;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RunnerCloud} must do, run against EC2 on moto ({@code Ec2RunnerCloudContractIT}) and against
 * the fake ({@code FakeRunnerCloudContractTest}). Behaviours moto cannot show (idempotency tokens, capacity errors,
 * boot delays, reclaimed instances) are asserted in the fake's subclass only.
 */
public abstract class RunnerCloudContract {

  protected abstract RunnerCloud cloud();

  /** A pool on this cloud with the given instance types, in two or more subnets of different zones. */
  protected abstract RunnerPoolSpec poolSpec(String... instanceTypes);

  /** Lets launched instances finish booting (nothing to do where they run at once). */
  protected abstract void letInstancesBoot();

  /** Lets terminating instances finish terminating (nothing to do where that is immediate). */
  protected abstract void letTerminationsFinish();

  /** The region the cloud stores runner configurations in; null for a cloud without regions. */
  protected String configRegion() {
    return null;
  }

  /** Another installation sharing the account and region. {@link #cloud()} is installation {@code default}. */
  protected static final InstallationId OTHER = new InstallationId("staging");

  /** A running instance that installation {@link #OTHER} launched, in this cloud's region. */
  protected abstract String instanceOfOtherInstallation() throws Exception;

  /** Stores a runner configuration the way installation {@link #OTHER} does. */
  protected abstract void storeConfigOfOtherInstallation(RunnerConfigKey key) throws Exception;

  /**
   * A running instance someone tagged with {@link #cloud()}'s managed tags (installation {@code default} included)
   * that no operator launched.
   */
  protected abstract String handTaggedInstance(String runnerUid) throws Exception;

  /** A running instance launched by a release before installations had identities: managed tags, none of these. */
  protected abstract String instanceOfEarlierRelease(String runnerUid) throws Exception;

  /** Whether the instance still runs, as seen from outside any installation. */
  protected abstract boolean running(String instanceId) throws Exception;

  @Test
  void aLaunchedInstanceIsListedWithItsRunnerAndPlacement() throws Exception {
    LaunchRequest request = AwsTestPools.launch("linux", poolSpec("m5.large"));

    LaunchedInstance launched = cloud().launch(request);
    letInstancesBoot();

    CloudInstance listed = find(launched.instanceId());
    assertThat(listed.namespace()).isEqualTo("ci");
    assertThat(listed.pool()).isEqualTo("linux");
    assertThat(listed.runnerName()).isEqualTo(request.runnerName());
    assertThat(listed.runnerUid()).isEqualTo(request.idempotencyToken());
    assertThat(listed.state()).isEqualTo(InstanceState.RUNNING);
    assertThat(listed.instanceType()).isEqualTo(launched.instanceType()).isEqualTo("m5.large");
    assertThat(listed.availabilityZone()).isEqualTo(launched.availabilityZone());
    assertThat(listed.capacityType()).isEqualTo(CapacityType.SPOT).isEqualTo(launched.capacityType());
    assertThat(listed.privateIp()).isNotBlank();
  }

  @Test
  void onDemandLaunchesAreOnDemand() throws Exception {
    LaunchedInstance launched = cloud().launch(AwsTestPools.launch("linux", poolSpec("m5.large"),
        CapacityType.ON_DEMAND, Set.of()));

    assertThat(launched.capacityType()).isEqualTo(CapacityType.ON_DEMAND);
    assertThat(find(launched.instanceId()).capacityType()).isEqualTo(CapacityType.ON_DEMAND);
  }

  @Test
  void offeringsMarkedUnavailableAreNotUsed() throws Exception {
    LaunchedInstance launched = cloud().launch(AwsTestPools.launch("linux", poolSpec("m5.large", "m6i.large"),
        CapacityType.SPOT, Set.of(new Offering("m5.large", null, CapacityType.SPOT))));

    assertThat(launched.instanceType()).isEqualTo("m6i.large");
  }

  @Test
  void aLaunchWithEveryOfferingUnavailableIsInsufficientCapacity() {
    LaunchRequest request = AwsTestPools.launch("linux", poolSpec("m5.large"), CapacityType.SPOT,
        Set.of(new Offering("m5.large", null, CapacityType.SPOT)));

    assertThatThrownBy(() -> cloud().launch(request))
        .isInstanceOfSatisfying(CloudException.InsufficientCapacity.class,
            e -> assertThat(e.offerings()).isNotEmpty()
                .allSatisfy(offering -> assertThat(offering.instanceType()).isEqualTo("m5.large")));
  }

  @Test
  void aLaunchWhosePoolLacksSubnetsIsRefusedNamingTheFieldAndLaunchesNothing() throws Exception {
    // A pool stored without subnets (an older CRD, validation off): EC2 refuses such a request as incomplete.
    RunnerPoolSpec spec = poolSpec("m5.large");
    spec.getEc2().setSubnets(null);
    int before = cloud().listInstances().size();

    assertThatThrownBy(() -> cloud().launch(AwsTestPools.launch("linux", spec)))
        .isInstanceOf(CloudException.InvalidConfiguration.class)
        .hasMessageContaining("MissingParameter").hasMessageContaining("spec.ec2.subnets");
    assertThat(cloud().listInstances()).hasSize(before);
  }

  @Test
  void terminatedInstancesLeaveTheListAndUnknownIdsAreFine() throws Exception {
    LaunchedInstance gone = cloud().launch(AwsTestPools.launch("linux", poolSpec("m5.large")));
    LaunchedInstance kept = cloud().launch(AwsTestPools.launch("linux", poolSpec("m5.large")));

    cloud().terminate(List.of(gone.instanceId(), "i-0123456789abcdef0"));
    assertThat(cloud().listInstances()).filteredOn(i -> i.instanceId().equals(gone.instanceId()))
        .allSatisfy(i -> assertThat(i.state().isGone()).isTrue());
    letTerminationsFinish();

    assertThat(cloud().listInstances()).extracting(CloudInstance::instanceId)
        .contains(kept.instanceId()).doesNotContain(gone.instanceId());
  }

  @Test
  void runnerConfigsAreStoredListedOverwrittenAndDeleted() throws Exception {
    RunnerConfigKey a = new RunnerConfigKey("ci", "linux", "i-0123456789abcdef0", configRegion());
    RunnerConfigKey b = new RunnerConfigKey("ci", "arm", "i-0fedcba9876543210", configRegion());

    cloud().handOffRunnerConfig(a, Sensitive.of("one"));
    cloud().handOffRunnerConfig(a, Sensitive.of("two"));
    cloud().handOffRunnerConfig(b, Sensitive.of("three"));
    assertThat(cloud().listRunnerConfigs()).containsExactlyInAnyOrder(a, b);

    cloud().deleteRunnerConfig(a);
    cloud().deleteRunnerConfig(a);
    assertThat(cloud().listRunnerConfigs()).containsExactly(b);
  }

  @Test
  void anotherInstallationsInstancesAndConfigurationsAreNotListed() throws Exception {
    LaunchedInstance ours = cloud().launch(AwsTestPools.launch("linux", poolSpec("m5.large")));
    String theirs = instanceOfOtherInstallation();
    RunnerConfigKey ourConfig = new RunnerConfigKey("ci", "linux", ours.instanceId(), configRegion());
    cloud().handOffRunnerConfig(ourConfig, Sensitive.of("ours"));
    storeConfigOfOtherInstallation(new RunnerConfigKey("ci", "linux", theirs, configRegion()));
    letInstancesBoot();

    assertThat(cloud().listInstances()).extracting(CloudInstance::instanceId)
        .contains(ours.instanceId()).doesNotContain(theirs);
    assertThat(cloud().listRunnerConfigs()).containsExactly(ourConfig);
  }

  @Test
  void onlyInstancesThisInstallationLaunchedAreTerminatedAsOrphans() throws Exception {
    LaunchedInstance ours = cloud().launch(AwsTestPools.launch("linux", poolSpec("m5.large")));
    String theirs = instanceOfOtherInstallation();
    String handTagged = handTaggedInstance("uid-of-no-runner");
    letInstancesBoot();
    assertThat(cloud().listInstances()).extracting(CloudInstance::instanceId).contains(handTagged);
    // Asking terminates nothing.
    assertThat(cloud().launchedHere(find(ours.instanceId()).region(),
        List.of(ours.instanceId(), theirs, handTagged, "i-0123456789abcdef0"))).containsExactly(ours.instanceId());
    assertThat(running(ours.instanceId())).isTrue();

    Set<String> terminated = cloud().terminateLaunchedHere(find(ours.instanceId()).region(),
        List.of(ours.instanceId(), theirs, handTagged, "i-0123456789abcdef0"));

    assertThat(terminated).containsExactly(ours.instanceId());
    assertThat(running(theirs)).isTrue();
    assertThat(running(handTagged)).isTrue();
    letTerminationsFinish();
    assertThat(cloud().listInstances()).extracting(CloudInstance::instanceId).doesNotContain(ours.instanceId());
  }

  @Test
  void anEarlierReleasesInstanceStaysListedButIsNeverTerminatedAsAnOrphan() throws Exception {
    String earlier = instanceOfEarlierRelease("uid-of-an-earlier-runner");
    letInstancesBoot();

    // Its Runner (if any) still sees it; garbage collection must leave it to that Runner or to a person.
    assertThat(find(earlier).runnerUid()).isEqualTo("uid-of-an-earlier-runner");
    assertThat(cloud().terminateLaunchedHere(find(earlier).region(), List.of(earlier))).isEmpty();
    assertThat(running(earlier)).isTrue();
  }

  protected CloudInstance find(String instanceId) throws CloudException {
    return cloud().listInstances().stream().filter(i -> i.instanceId().equals(instanceId)).findFirst()
        .orElseThrow(() -> new AssertionError(instanceId + " is not listed"));
  }
}
