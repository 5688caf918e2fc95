package dev.ec2runner.operator.recovery;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.operator.github.WebhookDelivery;
import dev.ec2runner.operator.testsupport.Operated;
import dev.ec2runner.operator.testsupport.OperatorExtension;
import dev.ec2runner.operator.testsupport.OperatorWorld;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The running operator scans for failed deliveries on its own, for the Apps its pools use. */
class WebhookRecoveryIT {

  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.of(OperatorWorld.builder()
      .config(config -> config.withWebhookRecoveryInterval(Duration.ofMillis(200))));
  @Operated
  private OperatorWorld world;

  @Test
  void failedJobDeliveriesOfThePoolsAppAreRedeliveredPeriodically() {
    world.gitHub().addDelivery(new WebhookDelivery(1, "lost-queued-event", "workflow_job", "queued",
        OperatorWorld.START.minusSeconds(30), 502, false, 67890));
    assertThat(world.gitHub().callCount("failedDeliveries")).as("no App known before a pool uses it").isZero();

    world.createPool(pool(world.namespace(), "gpu", 5));

    await().untilAsserted(() -> assertThat(world.gitHub().callCount("redeliver 1")).isEqualTo(1));
    assertThat(world.gitHub().deliveries()).last().satisfies(d -> assertThat(d.succeeded()).isTrue());
    await().untilAsserted(() -> assertThat(world.counter("ec2runner.webhook.recovery.scans", "outcome", "success"))
        .isGreaterThanOrEqualTo(3));
    assertThat(world.gitHub().callCount("redeliver")).isEqualTo(1);
    assertThat(world.counter("ec2runner.webhook.redeliveries", "outcome", "requested")).isEqualTo(1);
  }
}
