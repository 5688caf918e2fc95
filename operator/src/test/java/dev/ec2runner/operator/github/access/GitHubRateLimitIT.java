package dev.ec2runner.operator.github.access;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.RateLimitBudget;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorTestHarness;
import dev.ec2runner.operator.testsupport.WithOperator;
import io.fabric8.kubernetes.api.model.Condition;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a pool reports GitHub's answers, and how a rate limit delays work without dropping any. */
@WithOperator
class GitHubRateLimitIT {

  private static final Instant RESET = OperatorTestHarness.START.plus(Duration.ofMinutes(40));
  @Operated
  private String ns;
  @Operated
  private OperatorTestHarness harness;

  @Test
  void aRateLimitPausesGitHubCallsAndLaunchesAndTheJobIsServedAfterIt() {
    harness.createPool(pool(ns, "gpu", 5));
    await().untilAsserted(() -> assertThat(condition("GitHubReachable").getStatus()).isEqualTo("True"));

    harness.gitHub().failEveryCall(new GitHubException.Throttled(403,
        "GET /orgs/acme/actions/runners answered 403: API rate limit exceeded", Duration.ofMinutes(5)));
    await().untilAsserted(() -> assertThat(condition("GitHubReachable")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("RateLimited");
      assertThat(c.getMessage()).contains("App 12345 installation 67890").contains("API rate limit exceeded");
    }));
    assertThat(harness.events(ns, "RateLimited")).isNotEmpty();
    int callsWhenLimited = harness.gitHub().calls().size();

    harness.client().resource(queuedJob(ns, 1, OperatorTestHarness.START)).create();
    await().untilAsserted(() -> assertThat(harness.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getMessage()).contains("waiting for GitHub's rate limit")));
    // Counts alone are written at most once a second (RunnerPoolReconciler.COUNTS_INTERVAL).
    await().untilAsserted(() -> assertThat(harness.pool(ns, "gpu").getStatus().getPendingJobs()).isEqualTo(1));
    assertThat(harness.cloud().launches()).as("no instance launched that could not register").isEmpty();
    assertThat(harness.gitHub().calls()).as("no call reached GitHub while paused").hasSize(callsWhenLimited);

    harness.gitHub().failEveryCall(null);
    harness.clock().advance(Duration.ofMinutes(5));

    await().untilAsserted(() -> assertThat(harness.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    await().untilAsserted(() -> assertThat(condition("GitHubReachable").getReason()).isEqualTo("Reachable"));
    assertThat(harness.counter("ec2runner.api.calls", "service", "github", "outcome", "throttled")).isPositive();
  }

  @Test
  void refusedCredentialsAndAnUnreachableGitHubAreToldApart() {
    harness.createPool(pool(ns, "gpu", 5));
    harness.gitHub().failEveryCall(new GitHubException.Unauthorized(401,
        "GET /orgs/acme/actions/runners answered 401: Bad credentials"));
    await().untilAsserted(() -> assertThat(condition("GitHubReachable")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("Unauthorized");
      assertThat(c.getMessage()).contains("Bad credentials").contains("privateKey");
    }));
    assertThat(harness.events(ns, "Unauthorized")).isNotEmpty();

    harness.gitHub().failEveryCall(new GitHubException("GET /orgs/acme/actions/runners failed: ConnectException",
        new ConnectException("Connection refused")));
    // Reported once GitHub has not answered for a while; a lone failure is only retried.
    await().untilAsserted(() -> assertThat(condition("GitHubReachable")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getMessage()).contains("the last one failed and is retried").contains("ConnectException");
    }));
    harness.clock().advance(GitHubHealth.UNREACHABLE_REPORT_AFTER);
    await().untilAsserted(() -> assertThat(condition("GitHubReachable").getReason()).isEqualTo("Unreachable"));
    assertThat(harness.events(ns, "Unreachable")).isNotEmpty();

    harness.gitHub().failEveryCall(null);
    await().untilAsserted(() -> assertThat(condition("GitHubReachable").getStatus()).isEqualTo("True"));
  }

  @Test
  void warnsWhenLessThanATenthOfTheBudgetIsLeftAndExportsTheBudget() {
    harness.gitHub().setRateLimit(new RateLimitBudget(5000, 4200, RESET, OperatorTestHarness.START));
    harness.createPool(pool(ns, "gpu", 5));
    await().untilAsserted(() -> assertThat(condition("RateLimitLow").getStatus()).isEqualTo("False"));
    assertThat(budgetGauge("ec2runner.github.rate.limit.remaining")).isEqualTo(4200);
    assertThat(budgetGauge("ec2runner.github.rate.limit")).isEqualTo(5000);

    harness.gitHub().setRateLimit(new RateLimitBudget(5000, 350, RESET, OperatorTestHarness.START));

    await().untilAsserted(() -> assertThat(condition("RateLimitLow")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("BudgetBelow10Percent");
      assertThat(c.getMessage()).contains("350 of 5000").contains(RESET.toString());
    }));
    assertThat(harness.events(ns, "RateLimitLow")).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
    assertThat(budgetGauge("ec2runner.github.rate.limit.remaining")).isEqualTo(350);
  }

  private double budgetGauge(String name) {
    return harness.registry().find(name).tags("app", "12345", "installation", "67890").gauge().value();
  }

  private Condition condition(String type) {
    return harness.conditions(ns, "gpu").stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }
}
