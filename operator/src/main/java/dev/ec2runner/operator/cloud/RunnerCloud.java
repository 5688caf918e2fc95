package dev.ec2runner.operator.cloud;

import dev.ec2runner.operator.Sensitive;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The compute side of a runner: instances and the hand-off of their runner configuration.
 *
 * <p>Implementations: {@code Ec2RunnerCloud} (EC2, SSM, S3) and one fake, {@code FakeRunnerCloud} in the operator's
 * test-jar (boot delays, capacity outages, queued launch failures), which the operator's tests and the simulator both
 * use; random API faults reach it, as every fault reaches the ports in tests, through {@code CallGate}.
 * Both are held to {@code RunnerCloudContract}, on moto and in memory.
 * Every method may throw {@link CloudException.Throttled}; callers back off and retry, never drop demand.
 *
 * <p>A cloud belongs to one installation of the operator ({@code InstallationId}); several share an account and
 * region. Listings hold only its own instances (and untagged ones of releases before installations had
 * identities, which it never terminates as orphans) and its own runner configurations.
 */
public interface RunnerCloud {

  /**
   * Launches exactly one instance for a runner. Idempotent on {@link LaunchRequest#idempotencyToken()}: a repeated
   * call with the same token launches nothing new and returns the instance of the first call. The instance carries
   * the managed tags, including the token, so {@link #listInstances()} can find it even if the caller crashed before
   * recording the result.
   *
   * @throws CloudException.InsufficientCapacity no capacity for every offering tried; names the offerings so the
   *     caller can mark them unavailable and fall back (spot to on-demand)
   * @throws CloudException.InvalidConfiguration the pool's settings cannot launch (unknown AMI, subnet, profile…);
   *     retrying without a spec change will not help
   */
  LaunchedInstance launch(LaunchRequest request) throws CloudException;

  /**
   * Every instance carrying the managed tag and this installation's (or, launched by an older release, none) that
   * is not yet terminated, across all pools, plus the terminated ones
   * the cloud itself ended ({@link CloudInstance#reclaimed()}) while it still describes them (EC2: about an hour):
   * those tell a runner lost to a spot interruption from one that finished its job. Paginated; a few calls per
   * region, not per instance.
   */
  List<CloudInstance> listInstances() throws CloudException;

  /**
   * {@link #listInstances()} for the given regions (pools' and Runners' regions) and every region this cloud
   * launched in, each region listed on its own: one that fails is left out of {@link InstanceListing#regions()}
   * instead of failing the others. A cloud without regions lists everything at once and reports every region asked
   * for as listed.
   *
   * @throws CloudException when no region could be listed
   */
  default InstanceListing listInstances(Set<String> regions) throws CloudException {
    return new InstanceListing(listInstances(), regions);
  }

  /** Terminates the instances. Ids that are unknown or already terminated count as success. */
  void terminate(Collection<String> instanceIds) throws CloudException;

  /**
   * Terminates instances of one region (a Runner's recorded region), whether or not this process has seen them.
   * A cloud without regions ignores the region.
   */
  default void terminate(String region, Collection<String> instanceIds) throws CloudException {
    terminate(instanceIds);
  }

  /**
   * Those of these instances that this installation launched, as the cloud itself records it, not as their tags
   * claim: anyone allowed to tag an instance can make it look managed, or give it a Runner's UID. An instance known
   * only by its tags (an orphan, or one found for a Runner that has not recorded its instance) is terminated or
   * adopted only when listed here. Unknown ids count as not launched here.
   *
   * @param region where the instances run; a cloud without regions ignores it
   */
  Set<String> launchedHere(String region, Collection<String> instanceIds) throws CloudException;

  /**
   * Terminates those of these instances that this installation launched ({@link #launchedHere}) and returns their
   * ids; the others are left alone. Garbage collection terminates through this only.
   *
   * @param region where the instances run; a cloud without regions ignores it
   */
  default Set<String> terminateLaunchedHere(String region, Collection<String> instanceIds) throws CloudException {
    Set<String> own = launchedHere(region, instanceIds);
    if (!own.isEmpty()) {
      terminate(region, own);
    }
    return own;
  }

  /**
   * Stores a runner's one-time JIT configuration where only its instance reads (and then deletes) it. Writing the
   * same instance's configuration again overwrites it.
   */
  void handOffRunnerConfig(RunnerConfigKey key, Sensitive jitConfig) throws CloudException;

  /** Removes a runner configuration that its instance never consumed. A missing configuration counts as success. */
  void deleteRunnerConfig(RunnerConfigKey key) throws CloudException;

  /**
   * This installation's runner configurations still stored (not yet consumed by their instance), for garbage
   * collection.
   */
  List<RunnerConfigKey> listRunnerConfigs() throws CloudException;
}
