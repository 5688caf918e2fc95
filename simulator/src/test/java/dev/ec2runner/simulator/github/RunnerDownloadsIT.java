package dev.ec2runner.simulator.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.v1alpha1.GitHubTarget;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.api.v1alpha1.RunnerSettings;
import dev.ec2runner.operator.bootstrap.RunnerDownload;
import dev.ec2runner.operator.cloud.CloudException;
import dev.ec2runner.operator.github.GitHubAppCredentials;
import dev.ec2runner.operator.github.app.AppGitHubClients;
import dev.ec2runner.operator.github.app.GitHubRunnerDownloads;
import dev.ec2runner.operator.github.app.TestKeys;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link GitHubRunnerDownloads} against the simulated GitHub's runners/downloads endpoints, under the OpenAPI contract. */
class RunnerDownloadsIT {

  private static final String ORG_DOWNLOADS = "GET /orgs/{org}/actions/runners/downloads";

  @RegisterExtension
  final GitHubFixture fixture = GitHubFixture.served();
  private GitHubRunnerDownloads downloads;

  @BeforeEach
  void start() {
    GitHubAppCredentials credentials = fixture.credentials(TestKeys.pkcs1Pem(ServedGitHub.APP_KEYS));
    AppGitHubClients clients = new AppGitHubClients(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .build(), fixture.clock, fixture.listener());
    downloads = new GitHubRunnerDownloads(clients, (namespace, spec) -> credentials, fixture.clock,
        Duration.ofHours(1));
  }

  @Test
  void picksTheArchiveOfThePoolsOsAndArchitectureWithItsChecksum() throws Exception {
    RunnerDownload x64 = downloads.find("ci", "linux", spec(new GitHubTarget().withOrganization("acme"), "x64"));
    RunnerDownload arm = downloads.find("ci", "arm", spec(new GitHubTarget().withOrganization("acme"), "arm64"));

    assertThat(x64.filename()).isEqualTo("actions-runner-linux-x64-2.330.0.tar.gz");
    assertThat(x64.downloadUrl()).isEqualTo(
        "https://github.com/actions/runner/releases/download/v2.330.0/actions-runner-linux-x64-2.330.0.tar.gz");
    assertThat(x64.sha256()).hasSize(64);
    assertThat(arm.filename()).isEqualTo("actions-runner-linux-arm64-2.330.0.tar.gz");
    assertThat(arm.sha256()).isNotEqualTo(x64.sha256());
  }

  @Test
  void theListIsCachedPerScopeUntilItsTimeToLivePasses() throws Exception {
    RunnerPoolSpec spec = spec(new GitHubTarget().withOrganization("acme"), "x64");
    downloads.find("ci", "a", spec);
    downloads.find("ci", "b", spec);
    assertThat(fixture.github.calls().count(ORG_DOWNLOADS)).isEqualTo(1);

    fixture.github.runnerVersion("2.331.0");
    fixture.clock.advance(Duration.ofHours(1));

    assertThat(downloads.find("ci", "a", spec).filename()).isEqualTo("actions-runner-linux-x64-2.331.0.tar.gz");
    assertThat(fixture.github.calls().count(ORG_DOWNLOADS)).isEqualTo(2);
  }

  @Test
  void repositoryAndEnterpriseScopesAskTheirOwnEndpoint() throws Exception {
    downloads.find("ci", "repo", spec(new GitHubTarget().withRepository("acme/app"), "x64"));
    downloads.find("ci", "ent", spec(new GitHubTarget().withEnterprise("bigcorp"), "x64"));

    assertThat(fixture.github.calls().count("GET /repos/{owner}/{repo}/actions/runners/downloads")).isEqualTo(1);
    assertThat(fixture.github.calls().count("GET /enterprises/{enterprise}/actions/runners/downloads"))
        .isEqualTo(1);
  }

  @Test
  void unknownPlatformPinnedVersionAndInvisibleScopeFailWithTheReason() {
    RunnerPoolSpec risc = spec(new GitHubTarget().withOrganization("acme"), "riscv64");
    assertThatThrownBy(() -> downloads.find("ci", "risc", risc)).isInstanceOf(CloudException.class)
        .hasMessageContaining("no runner for linux/riscv64").hasMessageContaining("linux/x64");

    RunnerPoolSpec pinned = spec(new GitHubTarget().withOrganization("acme"), "x64");
    pinned.getRunner().setVersion("2.300.0");
    assertThatThrownBy(() -> downloads.find("ci", "pinned", pinned))
        .isInstanceOf(CloudException.InvalidConfiguration.class).hasMessageContaining("pins 2.300.0")
        .hasMessageContaining("2.330.0");

    RunnerPoolSpec other = spec(new GitHubTarget().withOrganization("other"), "x64");
    assertThatThrownBy(() -> downloads.find("ci", "other", other)).isInstanceOf(CloudException.class)
        .hasMessageContaining("404").hasMessageContaining("/orgs/other/actions/runners/downloads");
  }

  @Test
  void throttlingBecomesACloudThrottleWithTheWait() {
    fixture.github.throttleNext(Duration.ofSeconds(30));

    assertThatThrownBy(() -> downloads.find("ci", "a", spec(new GitHubTarget().withOrganization("acme"), "x64")))
        .isInstanceOfSatisfying(CloudException.Throttled.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
  }

  private static RunnerPoolSpec spec(GitHubTarget github, String architecture) {
    return new RunnerPoolSpec().withGithub(github)
        .withRunner(new RunnerSettings().withOs("linux").withArchitecture(architecture));
  }
}
