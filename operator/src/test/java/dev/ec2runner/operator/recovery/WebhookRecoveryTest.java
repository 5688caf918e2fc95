package dev.ec2runner.operator.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.GitHubInstallation;
import dev.ec2runner.operator.github.WebhookDelivery;
import dev.ec2runner.operator.github.access.InstallationRef;
import dev.ec2runner.operator.github.fake.FakeGitHub;
import dev.ec2runner.operator.metrics.OperatorMetrics;
import dev.ec2runner.operator.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookRecoveryTest {

  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");
  private static final InstallationRef INSTALLATION = new InstallationRef("", 12345, 67890);

  private final MutableClock clock = new MutableClock(T0);
  private final FakeGitHub gitHub = FakeGitHub.openWorld(clock);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Map<InstallationRef, GitHubInstallation> installations = new HashMap<>(Map.of(INSTALLATION, gitHub));
  private final WebhookRecovery recovery = new WebhookRecovery(() -> installations, new OperatorMetrics(registry),
      clock, Duration.ofMinutes(2));

  @Test
  void redeliversFailedJobEventsOfThePoolsInstallationsOnce() {
    gitHub.addDelivery(failed(1, "queued-job", "workflow_job", 67890, T0.minusSeconds(60)));
    gitHub.addDelivery(failed(2, "check-run", "check_run", 67890, T0.minusSeconds(50)));
    gitHub.addDelivery(failed(3, "a-push", "push", 67890, T0.minusSeconds(40)));
    gitHub.addDelivery(failed(4, "other-installation", "workflow_job", 11111, T0.minusSeconds(30)));
    gitHub.addDelivery(new WebhookDelivery(5, "delivered", "workflow_job", "queued", T0.minusSeconds(20), 202,
        false, 67890));

    recovery.runOnce();
    clock.advance(Duration.ofMinutes(2));
    recovery.runOnce();

    assertThat(gitHub.calls()).filteredOn(c -> c.startsWith("redeliver")).containsExactly("redeliver 1",
        "redeliver 2");
    assertThat(counter("ec2runner.webhook.redeliveries", "requested")).isEqualTo(2);
    assertThat(counter("ec2runner.webhook.recovery.scans", "success")).isEqualTo(2);
  }

  @Test
  void deliveriesTheReceiverRefusedForTheirContentAreNotRedelivered() {
    for (int status : new int[] {400, 413, 415}) {
      gitHub.addDelivery(new WebhookDelivery(status, "refused-" + status, "workflow_job", "queued",
          T0.minusSeconds(60), status, false, 67890));
    }
    gitHub.addDelivery(new WebhookDelivery(401, "wrong-secret", "workflow_job", "queued", T0.minusSeconds(50), 401,
        false, 67890));

    recovery.runOnce();

    assertThat(gitHub.calls()).filteredOn(c -> c.startsWith("redeliver")).containsExactly("redeliver 401");
  }

  @Test
  void aDeliveryThatKeepsFailingIsRedeliveredAFewTimesThenAbandoned() {
    gitHub.redeliveryStatus(502);
    gitHub.addDelivery(failed(1, "queued-job", "workflow_job", 67890, T0.minusSeconds(60)));

    for (int round = 0; round < 6; round++) {
      recovery.runOnce();
      clock.advance(Duration.ofSeconds(20));
    }

    assertThat(gitHub.callCount("redeliver")).isEqualTo(WebhookRecovery.MAX_REDELIVERIES_PER_EVENT);
    assertThat(counter("ec2runner.webhook.redeliveries", "abandoned")).isEqualTo(1);
  }

  @Test
  void aRateLimitedScanLeavesEverythingForTheNextOne() {
    gitHub.addDelivery(failed(1, "queued-job", "workflow_job", 67890, T0.minusSeconds(60)));
    gitHub.failEveryCall(new GitHubException.Throttled(429, "secondary rate limit", Duration.ofMinutes(1)));
    recovery.runOnce();
    assertThat(counter("ec2runner.webhook.recovery.scans", "throttled")).isEqualTo(1);

    gitHub.failEveryCall(null);
    clock.advance(Duration.ofMinutes(2));
    recovery.runOnce();

    assertThat(gitHub.callCount("redeliver 1")).isEqualTo(1);
  }

  @Test
  void theFirstScanLooksBackAnHourAndLaterScansOnlySinceTheLastOne() {
    gitHub.addDelivery(failed(1, "too-old", "workflow_job", 67890, T0.minus(Duration.ofMinutes(61))));
    gitHub.addDelivery(failed(2, "recent", "workflow_job", 67890, T0.minus(Duration.ofMinutes(59))));
    recovery.runOnce();
    assertThat(gitHub.calls()).filteredOn(c -> c.startsWith("redeliver")).containsExactly("redeliver 2");

    // A failure recorded long before the last complete scan (and its overlap) is not picked up again.
    clock.advance(Duration.ofMinutes(10));
    gitHub.addDelivery(failed(3, "late-but-old", "workflow_job", 67890, T0.minus(Duration.ofMinutes(30))));
    gitHub.addDelivery(failed(4, "new", "workflow_job", 67890, T0.plus(Duration.ofMinutes(9))));
    recovery.runOnce();
    assertThat(gitHub.calls()).filteredOn(c -> c.startsWith("redeliver")).containsExactly("redeliver 2",
        "redeliver 4");
  }

  @Test
  void appsAreScannedOnceHoweverManyInstallationsTheyHave() {
    FakeGitHub second = FakeGitHub.openWorld(clock);
    installations.put(new InstallationRef("", 12345, 11111), second);
    gitHub.addDelivery(failed(1, "a", "workflow_job", 11111, T0.minusSeconds(60)));
    second.addDelivery(failed(1, "a", "workflow_job", 11111, T0.minusSeconds(60)));

    recovery.runOnce();

    assertThat(gitHub.callCount("failedDeliveries") + second.callCount("failedDeliveries")).isEqualTo(1);
    assertThat(gitHub.callCount("redeliver") + second.callCount("redeliver")).isEqualTo(1);
  }

  private static WebhookDelivery failed(long id, String guid, String event, long installationId, Instant at) {
    return new WebhookDelivery(id, guid, event, "queued", at, 502, false, installationId);
  }

  private double counter(String name, String outcome) {
    var counter = registry.find(name).tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }
}
