package dev.ec2runner.operator.recovery;

import static dev.ec2runner.operator.testsupport.TestResources.appSecret;
import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.operator.github.WebhookDelivery;
import dev.ec2runner.operator.testsupport.OperatorTestHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The running operator scans for failed deliveries on its own, for the Apps its pools use. */
class WebhookRecoveryIT {

  private OperatorTestHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorTestHarness.start(config -> config.withWebhookRecoveryInterval(Duration.ofMillis(200)));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void failedJobDeliveriesOfThePoolsAppAreRedeliveredPeriodically() {
    harness.gitHub().addDelivery(new WebhookDelivery(1, "lost-queued-event", "workflow_job", "queued",
        OperatorTestHarness.START.minusSeconds(30), 502, false, 67890));
    harness.client().resource(appSecret(harness.namespace())).create();
    assertThat(harness.gitHub().callCount("failedDeliveries")).as("no App known before a pool uses it").isZero();

    harness.createPool(pool(harness.namespace(), "gpu", 5));

    await().untilAsserted(() -> assertThat(harness.gitHub().callCount("redeliver 1")).isEqualTo(1));
    assertThat(harness.gitHub().deliveries()).last().satisfies(d -> assertThat(d.succeeded()).isTrue());
    await().untilAsserted(() -> assertThat(harness.counter("ec2runner.webhook.recovery.scans", "outcome", "success"))
        .isGreaterThanOrEqualTo(3));
    assertThat(harness.gitHub().callCount("redeliver")).isEqualTo(1);
    assertThat(harness.counter("ec2runner.webhook.redeliveries", "outcome", "requested")).isEqualTo(1);
  }
}
