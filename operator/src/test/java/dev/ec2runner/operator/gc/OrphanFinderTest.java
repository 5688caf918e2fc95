package dev.ec2runner.operator.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.CloudInstance.InstanceState;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.github.GitHubRunner;
import dev.ec2runner.operator.observe.ScopeRegistry.PoolRef;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The garbage collector's decisions, from fixed listings: two consecutive listings confirm an orphan. */
class OrphanFinderTest {

  private static final Predicate<String> ONLY_CI = "ci"::equals;
  private static final InstallationId INSTALLATION = new InstallationId("prod");
  private static final String SCOPE = "org:acme";
  private static final Set<PoolRef> POOLS = Set.of(new PoolRef("ci", "linux"));

  private final OrphanFinder finder = new OrphanFinder();

  @Test
  void anInstanceIsAnOrphanOnlyWhenTwoListingsInARowFindItWithoutItsRunner() {
    List<CloudInstance> listed = List.of(instance("i-1", "uid-1", InstanceState.RUNNING));

    assertThat(finder.instances(listed, Set.of(), ONLY_CI)).isEmpty();
    assertThat(finder.instances(listed, Set.of(), ONLY_CI)).extracting(CloudInstance::instanceId)
        .containsExactly("i-1");
  }

  @Test
  void aLaunchInFlightIsNeverAnOrphan() {
    // Listed before its Runner recorded it, then owned: the first listing's suspicion is cleared.
    List<CloudInstance> listed = List.of(instance("i-1", "uid-1", InstanceState.PENDING));
    finder.instances(listed, Set.of(), ONLY_CI);
    assertThat(finder.instances(listed, Set.of("uid-1"), ONLY_CI)).isEmpty();
    assertThat(finder.instances(listed, Set.of(), ONLY_CI)).as("suspected afresh, not confirmed").isEmpty();
  }

  @Test
  void goneInstancesAndThoseOfUnmanagedNamespacesAreNeverOrphans() {
    List<CloudInstance> listed = List.of(instance("i-1", "uid-1", InstanceState.TERMINATED),
        new CloudInstance("i-2", "other", "linux", "linux-abcde", "uid-2", InstanceState.RUNNING, "m7i.large",
            CapacityType.SPOT, "eu-west-1a", "10.0.0.2", Instant.EPOCH));
    finder.instances(listed, Set.of(), ONLY_CI);
    assertThat(finder.instances(listed, Set.of(), ONLY_CI)).isEmpty();
  }

  @Test
  void anInstanceThisInstallationDidNotLaunchIsNotSuspectedAgainWhileItIsListed() {
    List<CloudInstance> listed = List.of(instance("i-1", "uid-1", InstanceState.RUNNING));
    finder.instances(listed, Set.of(), ONLY_CI);
    finder.instances(listed, Set.of(), ONLY_CI);
    finder.disown("i-1");

    finder.instances(listed, Set.of(), ONLY_CI);
    assertThat(finder.instances(listed, Set.of(), ONLY_CI)).isEmpty();
    // Once it has left the listing, an instance of that id would be judged afresh.
    finder.instances(List.of(), Set.of(), ONLY_CI);
    finder.instances(listed, Set.of(), ONLY_CI);
    assertThat(finder.instances(listed, Set.of(), ONLY_CI)).hasSize(1);
  }

  @Test
  void aStoredConfigurationIsAnOrphanWhenTwoListingsFindItsInstanceGone() {
    RunnerConfigKey gone = new RunnerConfigKey("ci", "linux", "i-gone");
    RunnerConfigKey live = new RunnerConfigKey("ci", "linux", "i-live");
    RunnerConfigKey elsewhere = new RunnerConfigKey("other", "linux", "i-gone");
    List<RunnerConfigKey> stored = List.of(gone, live, elsewhere);

    assertThat(finder.configs(stored, Set.of("i-live"), ONLY_CI)).isEmpty();
    assertThat(finder.configs(stored, Set.of("i-live"), ONLY_CI)).containsExactly(gone);
  }

  @Test
  void anIdleRegistrationOfThisInstallationNamedLikeAPoolsRunnerIsAnOrphanAfterTwoListings() {
    List<GitHubRunner> listed = List.of(registration(1, "linux-abcde", false, INSTALLATION));

    assertThat(finder.registrations(SCOPE, listed, POOLS, Set.of(), INSTALLATION)).isEmpty();
    assertThat(finder.registrations(SCOPE, listed, POOLS, Set.of(), INSTALLATION))
        .containsExactly(new OrphanFinder.OrphanRegistration(listed.get(0), new PoolRef("ci", "linux")));
  }

  @Test
  void busyOwnedForeignAndOddlyNamedRegistrationsAreNeverOrphans() {
    List<GitHubRunner> listed = List.of(
        registration(1, "linux-busy1", true, INSTALLATION),
        registration(2, "linux-owned", false, INSTALLATION),
        registration(3, "linux-other", false, new InstallationId("staging")),
        registration(4, "mylaptop", false, INSTALLATION));
    finder.registrations(SCOPE, listed, POOLS, Set.of("linux-owned"), INSTALLATION);

    assertThat(finder.registrations(SCOPE, listed, POOLS, Set.of("linux-owned"), INSTALLATION)).isEmpty();
  }

  @Test
  void aRegistrationThatCouldNotBeRemovedIsTriedAgainAndOneRemovedIsForgotten() {
    List<GitHubRunner> listed = List.of(registration(1, "linux-abcde", false, INSTALLATION),
        registration(2, "linux-fghij", false, INSTALLATION));
    finder.registrations(SCOPE, listed, POOLS, Set.of(), INSTALLATION);
    finder.registrations(SCOPE, listed, POOLS, Set.of(), INSTALLATION);
    finder.removed(SCOPE, 2);

    // GitHub still lists both (its listing lags the removal): only the one that failed is confirmed at once.
    assertThat(finder.registrations(SCOPE, listed, POOLS, Set.of(), INSTALLATION))
        .extracting(orphan -> orphan.runner().id()).containsExactly(1L);
  }

  @Test
  void eachScopeKeepsItsOwnSuspects() {
    List<GitHubRunner> listed = List.of(registration(1, "linux-abcde", false, INSTALLATION));
    finder.registrations(SCOPE, listed, POOLS, Set.of(), INSTALLATION);

    assertThat(finder.registrations("org:other", listed, POOLS, Set.of(), INSTALLATION)).isEmpty();
    finder.retainScopes(Set.of("org:other"));
    assertThat(finder.registrations(SCOPE, listed, POOLS, Set.of(), INSTALLATION))
        .as("a scope dropped and used again starts over").isEmpty();
  }

  private static CloudInstance instance(String id, String uid, InstanceState state) {
    return new CloudInstance(id, "ci", "linux", "linux-abcde", uid, state, "m7i.large", CapacityType.SPOT,
        "eu-west-1a", "10.0.0.1", Instant.EPOCH);
  }

  private static GitHubRunner registration(long id, String name, boolean busy, InstallationId installation) {
    return new GitHubRunner(id, name, true, busy, List.of("self-hosted", "linux", installation.runnerLabel()));
  }
}
