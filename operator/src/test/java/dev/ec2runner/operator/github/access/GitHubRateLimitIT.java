package dev.ec2runner.operator.github.access;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static dev.ec2runner.operator.testsupport.TestResources.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.RateLimitBudget;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import dev.ec2runner.operator.testsupport.WithOperator;
import io.fabric8.kubernetes.api.model.Condition;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a pool reports GitHub's answers, and how a rate limit delays work without dropping any. */
@WithOperator
class GitHubRateLimitIT {

  private static final Instant RESET = OperatorWorld.START.plus(Duration.ofMinutes(40));
  @Operated
  private String ns;
  @Operated
  private OperatorWorld world;

  @Test
  void aRateLimitPausesGitHubCallsAndLaunchesAndTheJobIsServedAfterIt() {
    world.createPool(pool(ns, "gpu", 5));
    await().untilAsserted(() -> assertThat(condition("GitHubReachable").getStatus()).isEqualTo("True"));

    world.gitHub().failEveryCall(new GitHubException.Throttled(403,
        "GET /orgs/acme/actions/runners answered 403: API rate limit exceeded", Duration.ofMinutes(5)));
    await().untilAsserted(() -> assertThat(condition("GitHubReachable")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("RateLimited");
      assertThat(c.getMessage()).contains("App 12345 installation 67890").contains("API rate limit exceeded");
    }));
    assertThat(world.events(ns, "RateLimited")).isNotEmpty();
    int callsWhenLimited = world.gitHub().calls().size();

    world.client().resource(queuedJob(ns, 1, OperatorWorld.START)).create();
    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getMessage()).contains("waiting for GitHub's rate limit")));
    // Counts alone are written at most once a second (RunnerPoolReconciler.COUNTS_INTERVAL).
    await().untilAsserted(() -> assertThat(world.pool(ns, "gpu").getStatus().getPendingJobs()).isEqualTo(1));
    assertThat(world.cloud().launches()).as("no instance launched that could not register").isEmpty();
    assertThat(world.gitHub().calls()).as("no call reached GitHub while paused").hasSize(callsWhenLimited);

    world.gitHub().failEveryCall(null);
    world.clock().advance(Duration.ofMinutes(5));

    await().untilAsserted(() -> assertThat(world.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    await().untilAsserted(() -> assertThat(condition("GitHubReachable").getReason()).isEqualTo("Reachable"));
    assertThat(world.counter("ec2runner.api.calls", "service", "github", "outcome", "throttled")).isPositive();
  }

  @Test
  void refusedCredentialsAndAnUnreachableGitHubAreToldApart() {
    world.createPool(pool(ns, "gpu", 5));
    world.gitHub().failEveryCall(new GitHubException.Unauthorized(401,
        "GET /orgs/acme/actions/runners answered 401: Bad credentials"));
    await().untilAsserted(() -> assertThat(condition("GitHubReachable")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("Unauthorized");
      assertThat(c.getMessage()).contains("Bad credentials").contains("privateKey");
    }));
    assertThat(world.events(ns, "Unauthorized")).isNotEmpty();

    world.gitHub().failEveryCall(new GitHubException("GET /orgs/acme/actions/runners failed: ConnectException",
        new ConnectException("Connection refused")));
    // Reported once GitHub has not answered for a while; a lone failure is only retried.
    await().untilAsserted(() -> assertThat(condition("GitHubReachable")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getMessage()).contains("the last one failed and is retried").contains("ConnectException");
    }));
    world.clock().advance(GitHubHealth.UNREACHABLE_REPORT_AFTER);
    await().untilAsserted(() -> assertThat(condition("GitHubReachable").getReason()).isEqualTo("Unreachable"));
    assertThat(world.events(ns, "Unreachable")).isNotEmpty();

    world.gitHub().failEveryCall(null);
    await().untilAsserted(() -> assertThat(condition("GitHubReachable").getStatus()).isEqualTo("True"));
  }

  @Test
  void warnsWhenLessThanATenthOfTheBudgetIsLeftAndExportsTheBudget() {
    world.gitHub().setRateLimit(new RateLimitBudget(5000, 4200, RESET, OperatorWorld.START));
    world.createPool(pool(ns, "gpu", 5));
    await().untilAsserted(() -> assertThat(condition("RateLimitLow").getStatus()).isEqualTo("False"));
    assertSetBudgetLessCallsSince(budgetGauge("ec2runner.github.rate.limit.remaining"), 4200);
    assertThat(budgetGauge("ec2runner.github.rate.limit")).isEqualTo(5000);

    world.gitHub().setRateLimit(new RateLimitBudget(5000, 350, RESET, OperatorWorld.START));

    await().untilAsserted(() -> assertThat(condition("RateLimitLow")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("BudgetBelow10Percent");
      assertThat(c.getMessage()).contains(" of 5000").contains(RESET.toString());
    }));
    assertThat(world.events(ns, "RateLimitLow")).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
    assertSetBudgetLessCallsSince(budgetGauge("ec2runner.github.rate.limit.remaining"), 350);
  }

  /** GitHub's budget drops by one with every call; the fake's does too, so what is reported trails the set figure. */
  private void assertSetBudgetLessCallsSince(double reported, int set) {
    assertThat(reported).as("%d set, less at most the calls made since", set)
        .isBetween((double) set - world.gitHub().calls().size(), (double) set);
  }

  private double budgetGauge(String name) {
    return world.registry().find(name).tags("app", "12345", "installation", "67890").gauge().value();
  }

  private Condition condition(String type) {
    return world.conditions(ns, "gpu").stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }
}
