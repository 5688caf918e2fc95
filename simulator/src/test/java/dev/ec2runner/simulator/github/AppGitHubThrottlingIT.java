package dev.ec2runner.simulator.github;

import static dev.ec2runner.simulator.github.GitHubFixture.INSTALLATION_ID;
import static dev.ec2runner.simulator.github.GitHubFixture.ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.app.AppGitHubRunners;
import dev.ec2runner.operator.github.app.CallOutcome;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rate limits and server errors, as the adapter reports them to callers and to its call listener. */
class AppGitHubThrottlingIT {

  private static final String LIST = "GET /orgs/{org}/actions/runners";

  private GitHubFixture fixture;
  private AppGitHubRunners adapter;

  @BeforeEach
  void start() throws Exception {
    fixture = new GitHubFixture();
    adapter = fixture.adapter();
    adapter.listRunners(ORG);
  }

  @AfterEach
  void stop() {
    fixture.assertContractHeld();
    fixture.close();
  }

  @Test
  void secondaryLimitBecomesThrottledWithRetryAfter() {
    fixture.github.throttleNext(Duration.ofSeconds(90));

    assertThatThrownBy(() -> adapter.listRunners(ORG)).isInstanceOfSatisfying(GitHubException.Throttled.class,
        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(90)));
    assertThat(fixture.heard).last().isEqualTo(new GitHubFixture.Heard(LIST, CallOutcome.THROTTLED));
  }

  @Test
  void anExhaustedBudgetWaitsForItsReset() throws Exception {
    fixture.github.rateLimit(2);
    adapter.deleteRunner(ORG, 1);
    adapter.deleteRunner(ORG, 2);
    assertThat(adapter.rateLimit()).hasValueSatisfying(b -> assertThat(b.remaining()).isZero());

    assertThatThrownBy(() -> adapter.listRunners(ORG)).isInstanceOfSatisfying(GitHubException.Throttled.class,
        e -> assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1)))
        .hasMessageContaining("rate limit exceeded");
    assertThat(fixture.github.remainingBudget(INSTALLATION_ID)).isZero();
  }

  @Test
  void serverErrorsAreNotMistakenForThrottling() {
    fixture.github.failNext(LIST, 502);

    assertThatThrownBy(() -> adapter.listRunners(ORG)).isExactlyInstanceOf(GitHubException.class)
        .satisfies(e -> assertThat(((GitHubException) e).status()).isEqualTo(502));
    assertThat(fixture.heard).last().isEqualTo(new GitHubFixture.Heard(LIST, CallOutcome.SERVER_ERROR));
  }

  @Test
  void everyCallIsCountedByEndpointAndOutcome() throws Exception {
    adapter.deleteRunner(ORG, 77);
    adapter.listRunners(ORG);

    assertThat(fixture.heard).containsExactly(
        new GitHubFixture.Heard("POST /app/installations/{installation_id}/access_tokens", CallOutcome.SUCCESS),
        new GitHubFixture.Heard(LIST, CallOutcome.SUCCESS),
        new GitHubFixture.Heard("DELETE /orgs/{org}/actions/runners/{runner_id}", CallOutcome.NOT_FOUND),
        new GitHubFixture.Heard(LIST, CallOutcome.NOT_MODIFIED));
  }

  @Test
  void aConnectionFailureIsANetworkError() {
    fixture.server.close();

    assertThatThrownBy(() -> adapter.listRunners(ORG)).isExactlyInstanceOf(GitHubException.class)
        .hasMessageContaining("GET /orgs/acme/actions/runners failed");
    assertThat(fixture.heard).last().isEqualTo(new GitHubFixture.Heard(LIST, CallOutcome.NETWORK_ERROR));
  }
}
