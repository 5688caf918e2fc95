package dev.ec2runner.simulator.github;

import static dev.ec2runner.simulator.github.GitHubFixture.ORG_RUNNERS;
import static dev.ec2runner.simulator.github.ServedGitHub.INSTALLATION_ID;
import static dev.ec2runner.simulator.github.ServedGitHub.ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.app.CallOutcome;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rate limits and server errors, as the adapter reports them to callers and to its call listener. */
class AppGitHubThrottlingIT {

  @RegisterExtension
  final GitHubFixture fixture = GitHubFixture.served();

  /** A first call fetches the adapter's token, so that a failure set next hits the call under test. */
  @BeforeEach
  void fetchToken() throws Exception {
    fixture.adapter.listRunners(ORG);
  }

  @Test
  void secondaryLimitBecomesThrottledWithRetryAfter() {
    fixture.github.throttleNext(Duration.ofSeconds(90));

    assertThatThrownBy(() -> fixture.adapter.listRunners(ORG)).isInstanceOfSatisfying(GitHubException.Throttled.class,
        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(90)));
    assertThat(fixture.heard).last().isEqualTo(new GitHubFixture.Heard(ORG_RUNNERS, CallOutcome.THROTTLED));
  }

  @Test
  void anExhaustedBudgetWaitsForItsReset() throws Exception {
    fixture.github.rateLimit(2);
    fixture.adapter.deleteRunner(ORG, 1);
    fixture.adapter.deleteRunner(ORG, 2);
    assertThat(fixture.adapter.rateLimit()).hasValueSatisfying(b -> assertThat(b.remaining()).isZero());

    assertThatThrownBy(() -> fixture.adapter.listRunners(ORG)).isInstanceOfSatisfying(GitHubException.Throttled.class,
        e -> assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1)))
        .hasMessageContaining("rate limit exceeded");
    assertThat(fixture.github.remainingBudget(INSTALLATION_ID)).isZero();
  }

  @Test
  void serverErrorsAreNotMistakenForThrottling() {
    fixture.github.failNext(ORG_RUNNERS, 502);

    assertThatThrownBy(() -> fixture.adapter.listRunners(ORG)).isExactlyInstanceOf(GitHubException.class)
        .satisfies(e -> assertThat(((GitHubException) e).status()).isEqualTo(502));
    assertThat(fixture.heard).last().isEqualTo(new GitHubFixture.Heard(ORG_RUNNERS, CallOutcome.SERVER_ERROR));
  }

  @Test
  void everyCallIsCountedByEndpointAndOutcome() throws Exception {
    fixture.adapter.deleteRunner(ORG, 77);
    fixture.adapter.listRunners(ORG);

    assertThat(fixture.heard).containsExactly(
        new GitHubFixture.Heard("POST /app/installations/{installation_id}/access_tokens", CallOutcome.SUCCESS),
        new GitHubFixture.Heard(ORG_RUNNERS, CallOutcome.SUCCESS),
        new GitHubFixture.Heard("DELETE /orgs/{org}/actions/runners/{runner_id}", CallOutcome.NOT_FOUND),
        new GitHubFixture.Heard(ORG_RUNNERS, CallOutcome.NOT_MODIFIED));
  }

  @Test
  void aConnectionFailureIsANetworkError() {
    fixture.server.close();

    assertThatThrownBy(() -> fixture.adapter.listRunners(ORG)).isExactlyInstanceOf(GitHubException.class)
        .hasMessageContaining("GET /orgs/acme/actions/runners failed");
    assertThat(fixture.heard).last().isEqualTo(new GitHubFixture.Heard(ORG_RUNNERS, CallOutcome.NETWORK_ERROR));
  }
}
