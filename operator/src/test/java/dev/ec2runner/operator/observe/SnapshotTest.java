package dev.ec2runner.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.CloudInstance;
import dev.ec2runner.operator.github.GitHubRunner;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The indexed lookups answer what a scan of the listings in their order would. */
class SnapshotTest {

  private static final Instant NOW = Instant.parse("2025-06-02T10:00:00Z");
  private static final PoolScope ACME = new PoolScope(PoolScope.Level.ORGANIZATION, "acme");
  private static final PoolScope WEB = new PoolScope(PoolScope.Level.REPOSITORY, "acme/web");

  @Test
  void findsAnInstanceByIdAndByItsRunnersUidTheFirstListedWinning() {
    CloudInstance first = instance("i-01", "uid-a", false);
    CloudInstance relaunch = instance("i-02", "uid-a", false);
    CloudInstance untagged = instance("i-03", null, false);
    Snapshot snapshot = snapshot(List.of(first, relaunch, untagged), List.of(), Map.of());

    assertThat(snapshot.instanceOf("uid-a")).contains(first);
    assertThat(snapshot.instance("i-02")).contains(relaunch);
    assertThat(snapshot.instance("i-03")).contains(untagged);
    assertThat(snapshot.instanceOf("uid-b")).isEmpty();
    assertThat(snapshot.instance("i-04")).isEmpty();
  }

  @Test
  void aReclaimedInstanceIsFoundWhenNoLongerListed() {
    CloudInstance listed = instance("i-01", "uid-a", false);
    CloudInstance gone = instance("i-02", "uid-b", true);
    Snapshot snapshot = snapshot(List.of(listed), List.of(gone, instance("i-01", "uid-a", true)), Map.of());

    assertThat(snapshot.instanceOrReclaimed("i-02")).contains(gone);
    assertThat(snapshot.instanceOrReclaimed("i-01")).as("the listing comes first").contains(listed);
    assertThat(snapshot.instance("i-02")).as("reclaimed is not listed").isEmpty();
    assertThat(snapshot.instanceOrReclaimed("i-03")).isEmpty();
  }

  @Test
  void findsARegistrationByNameInItsScopeAndInEveryScope() {
    GitHubRunner web = runner(1, "pool-web-abcde");
    GitHubRunner org = runner(2, "pool-org-fghij");
    Snapshot snapshot = snapshot(List.of(), List.of(), Map.of(
        ACME.key(), new Snapshot.ScopeRunners(ACME, NOW, 1, List.of(org, runner(3, "pool-org-fghij"))),
        WEB.key(), new Snapshot.ScopeRunners(WEB, NOW, 1, List.of(web))));

    assertThat(snapshot.registrationNamed("pool-web-abcde")).contains(web);
    assertThat(snapshot.registrationNamed("pool-org-fghij")).contains(org);
    assertThat(snapshot.scope(ACME).flatMap(s -> s.named("pool-org-fghij"))).contains(org);
    assertThat(snapshot.scope(ACME).flatMap(s -> s.named("pool-web-abcde"))).isEmpty();
    assertThat(snapshot.registrationNamed("pool-gone-klmno")).isEmpty();
  }

  private static Snapshot snapshot(List<CloudInstance> instances, List<CloudInstance> reclaimed,
      Map<String, Snapshot.ScopeRunners> scopes) {
    return new Snapshot(NOW, 1, instances, scopes, reclaimed, Map.of("eu-west-1", NOW));
  }

  private static CloudInstance instance(String id, String runnerUid, boolean reclaimed) {
    return new CloudInstance(id, "ns", "pool", "pool-abcde", runnerUid, CloudInstance.InstanceState.RUNNING,
        "m7i.large", CapacityType.SPOT, "eu-west-1a", null, NOW, reclaimed, "eu-west-1");
  }

  private static GitHubRunner runner(long id, String name) {
    return new GitHubRunner(id, name, true, false, List.of("self-hosted"));
  }
}
