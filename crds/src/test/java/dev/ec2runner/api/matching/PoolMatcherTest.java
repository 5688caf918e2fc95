package dev.ec2runner.api.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.api.matching.PoolScope.Level;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PoolMatcherTest {

  private static final Set<String> LINUX_X64 = Set.of("self-hosted", "linux", "x64");

  static PoolOffer org(String name, String org, String... labels) {
    return new PoolOffer(name, new PoolScope(Level.ORGANIZATION, org), Set.of(labels), LINUX_X64, false);
  }

  static JobRequest job(String repository, String... labels) {
    return new JobRequest(repository, repository.split("/")[0], null, List.of(labels), false);
  }

  @Test
  void aGitHubHostedJobIsServedByNoPool() {
    assertThat(PoolMatcher.bestPool(job("my-org/app", "ubuntu-latest"), List.of(org("a", "my-org", "docker"))))
        .isEmpty();
  }

  @Test
  void implicitLabelsAndCaseAreIgnoredWhenMatching() {
    var pool = org("a", "my-org", "GPU");
    assertThat(PoolMatcher.serves(pool, job("my-org/app", "Self-Hosted", "Linux", "X64", "gpu"))).isTrue();
    assertThat(PoolMatcher.serves(pool, job("my-org/app", "self-hosted", "ARM64"))).isFalse();
  }

  @Test
  void aPoolServesOnlyJobsInItsScope() {
    var repoPool = new PoolOffer("r", new PoolScope(Level.REPOSITORY, "My-Org/App"), Set.of(), LINUX_X64, false);
    assertThat(PoolMatcher.serves(repoPool, job("my-org/app", "self-hosted"))).isTrue();
    assertThat(PoolMatcher.serves(repoPool, job("my-org/other", "self-hosted"))).isFalse();
    assertThat(PoolMatcher.serves(org("o", "my-org"), job("other-org/app", "self-hosted"))).isFalse();
    var enterprise = new PoolOffer("e", new PoolScope(Level.ENTERPRISE, "acme"), Set.of(), LINUX_X64, false);
    assertThat(PoolMatcher.serves(enterprise, new JobRequest("x/y", "x", "ACME", List.of("self-hosted"), false)))
        .isTrue();
    assertThat(PoolMatcher.serves(enterprise, job("x/y", "self-hosted"))).isFalse();
  }

  @Test
  void theTightestFitWinsThenTheNarrowestScopeThenTheName() {
    var job = job("my-org/app", "self-hosted", "docker");
    var exact = org("z-exact", "my-org", "docker");
    var extra = org("a-extra", "my-org", "docker", "large");
    assertThat(PoolMatcher.bestPool(job, List.of(extra, exact))).contains(exact);

    var repo = new PoolOffer("z-repo", new PoolScope(Level.REPOSITORY, "my-org/app"), Set.of("docker"), LINUX_X64,
        false);
    assertThat(PoolMatcher.bestPool(job, List.of(exact, repo))).contains(repo);

    var twin = org("b-twin", "my-org", "docker");
    assertThat(PoolMatcher.bestPool(job, List.of(exact, twin))).contains(twin);
  }

  @Test
  void labelLessDemandGoesOnlyToPoolsThatOptIn() {
    var checkRun = new JobRequest("my-org/app", "my-org", null, List.of(), true);
    var optIn = new PoolOffer("in", new PoolScope(Level.ORGANIZATION, "my-org"), Set.of("x"), LINUX_X64, true);
    assertThat(PoolMatcher.bestPool(checkRun, List.of(org("out", "my-org")))).isEmpty();
    assertThat(PoolMatcher.bestPool(checkRun, List.of(org("out", "my-org"), optIn))).contains(optIn);
  }
}
