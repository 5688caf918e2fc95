package dev.ec2runner.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.cloud.InstanceListing;
import dev.ec2runner.operator.cloud.RunnerCloud;
import dev.ec2runner.operator.cloud.fake.FakeRunnerCloud;
import dev.ec2runner.operator.github.fake.FakeGitHub;
import dev.ec2runner.operator.testsupport.MutableClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Observation costs one listing per scope per interval, however many pools share the scope. */
class ObservationsTest {

  private static final PoolScope ACME = new PoolScope(PoolScope.Level.ORGANIZATION, "acme");
  private static final PoolScope OTHER = new PoolScope(PoolScope.Level.REPOSITORY, "other/app");

  @Test
  void poolsSharingAScopeShareOneRunnerListingPerInterval() {
    MutableClock clock = new MutableClock(Instant.parse("2025-06-02T10:00:00Z"));
    FakeGitHub gitHub = FakeGitHub.openWorld(clock);
    FakeRunnerCloud cloud = new FakeRunnerCloud(clock);
    ScopeRegistry scopes = new ScopeRegistry();
    for (int pool = 0; pool < 5; pool++) {
      scopes.register(new ScopeRegistry.PoolRef("ns" + pool % 2, "pool-" + pool), ACME, gitHub);
    }
    scopes.register(new ScopeRegistry.PoolRef("ns0", "other"), OTHER, gitHub);
    Observations observations = new Observations(cloud, scopes, clock, Duration.ofSeconds(30));

    for (int round = 0; round < 3; round++) {
      observations.refresh();
      clock.advance(Duration.ofSeconds(30));
    }

    assertThat(gitHub.callCount("listRunners " + ACME.key())).isEqualTo(3);
    assertThat(gitHub.callCount("listRunners " + OTHER.key())).isEqualTo(3);
    // One listing is two DescribeInstances calls: the live instances, then those EC2 ended itself.
    assertThat(cloud.callCounts()).containsEntry("DescribeInstances", 3L * 2);
    assertThat(observations.snapshot().scope(ACME)).hasValueSatisfying(s -> assertThat(s.listing()).isEqualTo(3));
  }

  /** A region whose listing fails keeps its instances as last seen, and its listing time does not move. */
  @Test
  void aRegionThatFailsToListKeepsWhatWasKnownOfIt() {
    MutableClock clock = new MutableClock(Instant.parse("2025-06-02T10:00:00Z"));
    CloudInstance inB = new CloudInstance("i-0b", "ns", "pool", "pool-abcde", "uid",
        CloudInstance.InstanceState.RUNNING, "m7i.large", CapacityType.SPOT, "eu-central-1a", null, clock.instant(),
        false, "eu-central-1");
    List<InstanceListing> listings = new ArrayList<>(List.of(
        new InstanceListing(List.of(inB), Set.of("eu-west-1", "eu-central-1")),
        new InstanceListing(List.of(), Set.of("eu-west-1"))));
    Set<Set<?>> asked = new HashSet<>();
    // A cloud of two regions whose second listing of eu-central-1 fails.
    RunnerCloud cloud = (RunnerCloud) Proxy.newProxyInstance(RunnerCloud.class.getClassLoader(),
        new Class<?>[] {RunnerCloud.class}, (proxy, method, args) -> {
          if (!method.getName().equals("listInstances") || args == null) {
            throw new UnsupportedOperationException(method.getName());
          }
          asked.add((Set<?>) args[0]);
          return listings.remove(0);
        });
    Observations observations = new Observations(cloud, new ScopeRegistry(), clock, Duration.ofSeconds(30));
    observations.regions().use("pool-uid", "eu-central-1");
    Instant first = clock.instant();
    observations.refresh();
    clock.advance(Duration.ofSeconds(30));
    Snapshot second = observations.refresh();

    assertThat(asked).containsExactly(Set.of("eu-central-1"));
    assertThat(second.instance("i-0b")).contains(inB);
    assertThat(second.instancesListedAt("eu-central-1")).isEqualTo(first);
    assertThat(second.instancesListedAt("eu-west-1")).isEqualTo(clock.instant());
  }
}
