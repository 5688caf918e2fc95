package dev.ec2runner.simulator.github;

import static dev.ec2runner.simulator.github.GitHubFixture.ORG_RUNNERS;
import static dev.ec2runner.simulator.github.ServedGitHub.INSTALLATION_ID;
import static dev.ec2runner.simulator.github.ServedGitHub.ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.github.GitHubAppCredentials;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubRunner;
import dev.ec2runner.operator.github.JitConfigRequest;
import dev.ec2runner.operator.github.app.AppGitHubClients;
import dev.ec2runner.operator.github.app.AppGitHubRunners;
import dev.ec2runner.operator.github.app.TestKeys;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** App authentication: keys in both PEM formats, the installation token cache, GitHub Enterprise Server URLs. */
class AppGitHubAuthIT {

  @RegisterExtension
  final GitHubFixture fixture = GitHubFixture.served();

  @Test
  void oneTokenServesManyCallsUntilShortlyBeforeItExpires() throws Exception {
    AppGitHubRunners adapter = fixture.adapter;

    for (int i = 0; i < 5; i++) {
      adapter.listRunners(ORG);
    }
    assertThat(fixture.tokenRequests()).isEqualTo(1);

    fixture.clock.advance(Duration.ofMinutes(50));
    adapter.listRunners(ORG);
    assertThat(fixture.tokenRequests()).isEqualTo(1);

    fixture.clock.advance(Duration.ofMinutes(6));
    adapter.listRunners(ORG);
    adapter.listRunners(ORG);
    assertThat(fixture.tokenRequests()).isEqualTo(2);
  }

  @Test
  void aRefusedTokenIsReplacedOnTheNextCall() throws Exception {
    AppGitHubRunners adapter = fixture.adapter;
    adapter.listRunners(ORG);
    fixture.github.reset();

    assertThatThrownBy(() -> adapter.listRunners(ORG)).isInstanceOf(GitHubException.Unauthorized.class)
        .hasMessageContaining("401").hasMessageNotContaining("ghs_");
    assertThat(adapter.listRunners(ORG)).isEmpty();
    assertThat(fixture.tokenRequests()).isEqualTo(1);
  }

  @Test
  void pkcs8KeysWorkAsWellAsPkcs1() throws Exception {
    fixture.adapter(TestKeys.pkcs8Pem(ServedGitHub.APP_KEYS)).createJitConfig(ORG,
        new JitConfigRequest("p8-aaaaa", 1, List.of("linux"), null));

    assertThat(fixture.github.findRunner("p8-aaaaa")).isPresent();
  }

  @Test
  void aKeyThatIsNotTheAppsIsRefusedWithAHint() throws Exception {
    String otherKey = TestKeys.pkcs1Pem(TestKeys.generate());
    AppGitHubRunners adapter = fixture.adapter(otherKey);

    assertThatThrownBy(() -> adapter.listRunners(ORG)).isInstanceOf(GitHubException.Unauthorized.class)
        .hasMessageContaining("installation " + INSTALLATION_ID).hasMessageContaining("privateKey")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(otherKey.substring(40, 80)));
    assertThat(fixture.github.calls().all()).singleElement()
        .satisfies(call -> assertThat(call.status()).isEqualTo(401));
  }

  @Test
  void anUnknownInstallationIsRefused() throws Exception {
    var credentials = new GitHubAppCredentials(fixture.server.apiUrl(), ServedGitHub.APP_ID, 999,
        Sensitive.of(TestKeys.pkcs1Pem(ServedGitHub.APP_KEYS)));
    var adapter = AppGitHubRunners.create(credentials, HttpClient.newHttpClient(), fixture.clock,
        fixture.listener());

    assertThatThrownBy(() -> adapter.listRunners(ORG)).isInstanceOf(GitHubException.Unauthorized.class)
        .hasMessageContaining("installation 999").hasMessageContaining("404");
  }

  @Test
  void garbageKeysFailWhenTheClientIsBuilt() throws Exception {
    var clients = new AppGitHubClients(HttpClient.newHttpClient(), fixture.clock, fixture.listener());
    var credentials = fixture.credentials("not a key at all");

    assertThatThrownBy(() -> clients.forApp(credentials)).isInstanceOf(GitHubException.Unauthorized.class)
        .hasMessageContaining("not PEM text").hasMessageNotContaining("not a key at all");
  }

  @Test
  void clientsAreCachedPerInstallationAndRebuiltWhenTheKeyRotates() throws Exception {
    var clients = new AppGitHubClients(HttpClient.newHttpClient(), fixture.clock, fixture.listener());
    var pkcs1 = fixture.credentials(TestKeys.pkcs1Pem(ServedGitHub.APP_KEYS));
    var samePkcs1 = fixture.credentials(TestKeys.pkcs1Pem(ServedGitHub.APP_KEYS));
    var pkcs8 = fixture.credentials(TestKeys.pkcs8Pem(ServedGitHub.APP_KEYS));

    assertThat(clients.forApp(pkcs1)).isSameAs(clients.forApp(samePkcs1));
    assertThat(clients.forApp(pkcs8)).isNotSameAs(clients.forApp(pkcs1));
    assertThat(clients.rateLimits()).isEmpty();

    clients.forApp(pkcs1).listRunners(ORG);

    assertThat(clients.rateLimits()).containsOnlyKeys(ServedGitHub.APP_ID + "/" + INSTALLATION_ID)
        .hasValueSatisfying(new org.assertj.core.api.Condition<>(b -> b.limit() == 5000 && b.remaining() == 4999,
            "one call spent"));
  }

  @Test
  @GitHubFixture.ServedAt("/api/v3")
  void enterpriseServerUnderApiV3WithPagination() throws Exception {
    assertThat(fixture.server.apiUrl().getPath()).isEqualTo("/api/v3");
    AppGitHubRunners adapter = fixture.adapter;
    IntStream.range(0, 120).forEach(i -> fixture.github.registerRunner(ORG, "r-" + i, List.of("self-hosted"), true));

    adapter.createJitConfig(ORG, new JitConfigRequest("ghes-aaaaa", 1, List.of("linux"), null));
    List<GitHubRunner> runners = adapter.listRunners(ORG);

    assertThat(runners).hasSize(121);
    assertThat(fixture.github.calls().count(ORG_RUNNERS)).isEqualTo(2);
    assertThat(fixture.contract.checked()).anyMatch(c -> c.startsWith("GET /orgs/acme/actions/runners 200"));
  }
}
