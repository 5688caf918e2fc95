package dev.ec2runner.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.testsupport.InMemoryGitHub;
import dev.ec2runner.operator.testsupport.InMemoryRunnerCloud;
import dev.ec2runner.operator.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Observation costs one listing per scope per interval, however many pools share the scope. */
class ObservationsTest {

  private static final PoolScope ACME = new PoolScope(PoolScope.Level.ORGANIZATION, "acme");
  private static final PoolScope OTHER = new PoolScope(PoolScope.Level.REPOSITORY, "other/app");

  @Test
  void poolsSharingAScopeShareOneRunnerListingPerInterval() {
    MutableClock clock = new MutableClock(Instant.parse("2025-06-02T10:00:00Z"));
    InMemoryGitHub gitHub = new InMemoryGitHub(clock);
    InMemoryRunnerCloud cloud = new InMemoryRunnerCloud(clock);
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
    assertThat(cloud.calls()).filteredOn(c -> c.startsWith("listInstances")).hasSize(3);
    assertThat(observations.snapshot().scope(ACME)).hasValueSatisfying(s -> assertThat(s.listing()).isEqualTo(3));
  }
}
