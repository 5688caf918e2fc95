package dev.ec2runner.operator.github.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2runner.api.matching.PoolScope;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.RateLimitBudget;
import dev.ec2runner.operator.github.fake.FakeGitHub;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.planner.PlannedCondition;
import dev.ec2runner.operator.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GitHubHealthTest {

  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");
  private static final PoolScope ORG = new PoolScope(PoolScope.Level.ORGANIZATION, "acme");
  private static final InstallationRef INSTALLATION = new InstallationRef("", 1, 2);

  private final MutableClock clock = new MutableClock(T0);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GitHubHealth health = new GitHubHealth(clock, new OperatorMetrics(registry));
  private final FakeGitHub gitHub = FakeGitHub.openWorld(clock);
  private final GitHubInstallation client = health.guard(INSTALLATION, gitHub);

  @Test
  void aRateLimitPausesEveryCallOfTheInstallationUntilItResets() throws Exception {
    gitHub.failEveryCall(new GitHubException.Throttled(403, "API rate limit exceeded", Duration.ofMinutes(3)));
    assertThatThrownBy(() -> client.listRunners(ORG)).isInstanceOf(GitHubException.Throttled.class);
    gitHub.failEveryCall(null);

    GitHubInstallation otherPoolsClient = health.guard(INSTALLATION, gitHub);
    assertThatThrownBy(() -> otherPoolsClient.jobStatus("acme/app", 1))
        .isInstanceOfSatisfying(GitHubException.Throttled.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(3)));
    assertThat(gitHub.calls()).as("the paused call never reached GitHub").containsExactly("listRunners "
        + ORG.key());
    assertThat(reachable().reason()).isEqualTo("RateLimited");

    clock.advance(Duration.ofMinutes(3));
    assertThat(health.pausedFor(INSTALLATION)).isEmpty();
    client.listRunners(ORG);
    assertThat(reachable().status()).isTrue();
  }

  @Test
  void classifiesFailuresByWhatTheOperatorCanDoAboutThem() {
    fail(new GitHubException.Unauthorized(401, "Bad credentials"));
    assertThat(reachable().reason()).isEqualTo("Unauthorized");
    fail(new GitHubException("connection refused", new java.net.ConnectException()));
    assertThat(reachable().status()).as("a lone failure is retried, not reported").isTrue();
    clock.advance(GitHubHealth.UNREACHABLE_REPORT_AFTER);
    fail(new GitHubException(502, "Bad gateway"));
    assertThat(reachable().reason()).isEqualTo("Unreachable");
    assertThat(reachable().message()).contains("since " + T0).contains("Bad gateway");
    fail(new GitHubException.NotFound("no such runner"));
    assertThat(reachable().status()).as("GitHub answered").isTrue();
  }

  @Test
  void aLowBudgetIsReportedAndExported() {
    gitHub.setRateLimit(new RateLimitBudget(5000, 499, T0.plusSeconds(600), T0));

    assertThat(health.budgetLow(INSTALLATION)).isTrue();
    assertThat(health.conditions(INSTALLATION)).filteredOn(c -> c.type().equals(GitHubHealth.RATE_LIMIT_LOW))
        .singleElement().satisfies(c -> assertThat(c.status()).isTrue());
    assertThat(registry.find("ec2runner.github.rate.limit.remaining").tags("app", "1", "installation", "2").gauge()
        .value()).isEqualTo(499);

    gitHub.setRateLimit(new RateLimitBudget(5000, 500, T0.plusSeconds(600), T0));
    assertThat(health.budgetLow(INSTALLATION)).isFalse();
  }

  @Test
  void launchesStopAtOnceForRefusedCredentialsButOnlyAfterTheGraceForSilence() throws Exception {
    assertThat(health.heardFrom(INSTALLATION)).isFalse();
    assertThat(health.launchBlocker(INSTALLATION)).isEmpty();

    fail(new GitHubException(502, "Bad gateway"));
    assertThat(health.heardFrom(INSTALLATION)).isTrue();
    clock.advance(GitHubHealth.UNREACHABLE_GRACE.minusSeconds(1));
    fail(new GitHubException("connection refused", new java.net.ConnectException()));
    assertThat(health.launchBlocker(INSTALLATION)).as("a short outage holds nothing back").isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(health.launchBlocker(INSTALLATION)).hasValueSatisfying(b -> {
      assertThat(b.reason()).isEqualTo("GitHubUnreachable");
      assertThat(b.message()).contains("since " + T0).contains("connection refused");
    });

    // One answer ends the outage; the next failure starts a new one.
    gitHub.failEveryCall(null);
    client.listRunners(ORG);
    assertThat(health.launchBlocker(INSTALLATION)).isEmpty();
    fail(new GitHubException(502, "Bad gateway"));
    assertThat(health.launchBlocker(INSTALLATION)).isEmpty();

    fail(new GitHubException.Unauthorized(401, "Bad credentials"));
    assertThat(health.launchBlocker(INSTALLATION)).hasValueSatisfying(b ->
        assertThat(b.reason()).isEqualTo("GitHubUnauthorized"));
  }

  private void fail(GitHubException error) {
    gitHub.failEveryCall(error);
    try {
      client.listRunners(ORG);
    } catch (GitHubException expected) {
      // the outcome is what matters
    }
    gitHub.failEveryCall(null);
  }

  private PlannedCondition reachable() {
    List<PlannedCondition> conditions = health.conditions(INSTALLATION);
    return conditions.stream().filter(c -> c.type().equals(GitHubHealth.GITHUB_REACHABLE)).findFirst()
        .orElseThrow();
  }
}
