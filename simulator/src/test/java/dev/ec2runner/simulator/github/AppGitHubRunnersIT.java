package dev.ec2runner.simulator.github;

import static dev.ec2runner.simulator.github.GitHubFixture.ENTERPRISE;
import static dev.ec2runner.simulator.github.GitHubFixture.ORG_RUNNERS;
import static dev.ec2runner.simulator.github.ServedGitHub.INSTALLATION_ID;
import static dev.ec2runner.simulator.github.ServedGitHub.ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubRunner;
import dev.ec2runner.operator.github.JitConfig;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.github.app.AppGitHubRunners;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the GitHub adapter's runner endpoints do beyond {@link AppGitHubContractIT}: the enterprise token, paging,
 * ETags, GitHub's lagging busy flag; against the simulated GitHub over HTTP, under the OpenAPI contract.
 */
class AppGitHubRunnersIT {

  @RegisterExtension
  final GitHubFixture fixture = GitHubFixture.served();

  @Test
  void jitConfigForAnEnterpriseUsesTheEnterpriseToken() throws Exception {
    JitConfig enterprise = fixture.adapter.createJitConfig(ENTERPRISE, request("ent-bbbbb"));

    assertThat(fixture.adapter.listRunners(ENTERPRISE)).extracting(GitHubRunner::id)
        .containsExactly(enterprise.runnerId());
    assertThat(fixture.adapter.listRunners(ORG)).isEmpty();
    assertThat(fixture.github.calls().count("POST /enterprises/{enterprise}/actions/runners/generate-jitconfig"))
        .isEqualTo(1);
  }

  @Test
  void aScopeTheAppIsNotInstalledOnIsNotFound() {
    PoolScope notInstalled = new PoolScope(PoolScope.Level.ORGANIZATION, "other");
    assertThatThrownBy(() -> fixture.adapter.listRunners(notInstalled))
        .isInstanceOf(GitHubException.NotFound.class).hasMessageContaining("/orgs/other/actions/runners");
  }

  @Test
  void listsEveryPageOfALargeScope() throws Exception {
    IntStream.range(0, 250).forEach(i -> fixture.github.registerRunner(ORG, "r-" + i, List.of("self-hosted"), true));

    List<GitHubRunner> runners = fixture.adapter.listRunners(ORG);

    assertThat(runners).hasSize(250).extracting(GitHubRunner::name).doesNotHaveDuplicates();
    assertThat(fixture.github.calls().count(ORG_RUNNERS)).isEqualTo(3);
  }

  @Test
  void unchangedListsAreRevalidatedWithEtagsAndCostNoBudget() throws Exception {
    IntStream.range(0, 150).forEach(i -> fixture.github.registerRunner(ORG, "r-" + i, List.of("self-hosted"), true));
    fixture.adapter.listRunners(ORG);
    int budgetAfterFirst = fixture.github.remainingBudget(INSTALLATION_ID);

    List<GitHubRunner> again = fixture.adapter.listRunners(ORG);

    assertThat(again).hasSize(150);
    assertThat(fixture.github.calls().count(ORG_RUNNERS, 304)).isEqualTo(2);
    assertThat(fixture.github.remainingBudget(INSTALLATION_ID)).isEqualTo(budgetAfterFirst);
    assertThat(fixture.adapter.rateLimit())
        .hasValueSatisfying(b -> assertThat(b.remaining()).isEqualTo(budgetAfterFirst));

    fixture.github.registerRunner(ORG, "late", List.of("self-hosted"), true);

    assertThat(fixture.adapter.listRunners(ORG)).hasSize(151).extracting(GitHubRunner::name).contains("late");
    assertThat(fixture.github.calls().count(ORG_RUNNERS, 200)).isEqualTo(4);
  }

  @Test
  void whileTheBusyFlagLagsADeleteKillsTheRunningJob() throws Exception {
    fixture.github.busyFlagLag(java.time.Duration.ofHours(1));
    JitConfig jit = fixture.adapter.createJitConfig(ORG, request("lag-ggggg"));
    fixture.github.startRunner(jit.encodedConfig().reveal());
    long job = fixture.github.queueJob("acme/app", List.of("gpu"));
    fixture.github.assignJob("lag-ggggg");

    assertThat(single(fixture.adapter.listRunners(ORG)).busy()).isFalse();
    fixture.adapter.deleteRunner(ORG, jit.runnerId());

    assertThat(fixture.github.killedJobs()).containsExactly(job);
    assertThat(fixture.github.job(job)).hasValueSatisfying(j -> assertThat(j.conclusion()).isEqualTo("failure"));
  }

  @Test
  void enterpriseScopeWithoutATokenFailsBeforeCallingGitHub() throws Exception {
    var credentials = new dev.ec2runner.operator.github.GitHubAppCredentials(fixture.server.apiUrl(),
        ServedGitHub.APP_ID, INSTALLATION_ID, dev.ec2runner.operator.Sensitive.of(
            dev.ec2runner.operator.github.app.TestKeys.pkcs8Pem(ServedGitHub.APP_KEYS)));
    var appOnly = AppGitHubRunners.create(credentials, java.net.http.HttpClient.newHttpClient(), fixture.clock,
        fixture.listener());

    assertThatThrownBy(() -> appOnly.listRunners(ENTERPRISE))
        .isInstanceOf(GitHubException.Unauthorized.class).hasMessageContaining("enterpriseToken");
    assertThat(fixture.github.calls().all()).isEmpty();
  }

  private static JitConfigRequest request(String name) {
    return new JitConfigRequest(name, 1, List.of("linux", "x64", "gpu"), "_work");
  }

  private static GitHubRunner single(List<GitHubRunner> runners) {
    assertThat(runners).hasSize(1);
    return runners.get(0);
  }
}
