package dev.ec2runner.simulator.github;

import static dev.ec2runner.operator.testsupport.TestResources.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.api.v1alpha1.Runner;
import dev.ec2runner.api.v1alpha1.WorkflowJob;
import dev.ec2runner.operator.recovery.WebhookRecovery;
import dev.ec2runner.receiver.ReceiverConfig;
import dev.ec2runner.receiver.ReceiverMain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A receiver outage loses no job: the simulated GitHub records the queued webhook it could not deliver, the
 * operator's recovery asks for redelivery, and once the real receiver is back the WorkflowJob appears and the pool
 * launches a runner for it.
 */
class LostWebhookRecoveryIT {

  private static final String SECRET = "It's a Secret to Everybody";
  // Recovery is driven by hand here (its timer is covered by the operator's own tests), so that the moments it runs
  // relative to the outage are the test's choice.
  @RegisterExtension
  final OperatorOnSimulatedGitHub world = OperatorOnSimulatedGitHub.with(
      config -> config.withWebhookRecoveryInterval(Duration.ofHours(1)));
  private String ns;
  private ReceiverMain.Receiver receiver;

  @BeforeEach
  void namespace() {
    ns = world.operator.namespace();
  }

  @AfterEach
  void stopReceiver() {
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void aQueuedWebhookLostWhileTheReceiverWasDownIsRedeliveredAndServed() throws Exception {
    int port = freePort();
    world.webhooks.sendTo(URI.create("http://127.0.0.1:" + port + "/webhook"), SECRET);
    world.operator.createPool(pool(ns, "gpu", 5));
    await().untilAsserted(() -> assertThat(world.operator.conditions(ns, "gpu"))
        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True")));

    long jobId = world.github.queueJob("acme/app", List.of("self-hosted", "gpu"));
    await().untilAsserted(() -> assertThat(world.github.deliveries()).singleElement()
        .satisfies(d -> assertThat(d.succeeded()).isFalse()));
    WebhookRecovery recovery = world.operator.runtime().webhookRecovery();

    // Still down: the redelivery fails too, and is recorded as another failed attempt.
    recovery.runOnce();
    await().untilAsserted(() -> assertThat(world.github.deliveries()).hasSize(2)
        .allSatisfy(d -> assertThat(d.succeeded()).isFalse()));
    recovery.runOnce();
    await().untilAsserted(() -> assertThat(world.github.deliveries()).hasSize(3));
    assertThat(world.operator.job(ns, WorkflowJob.nameFor(jobId))).isNull();

    receiver = ReceiverMain.Receiver.start(new ReceiverConfig("127.0.0.1", port, List.of(SECRET), ns, 1 << 20),
        world.operator.client());
    await().until(() -> receiver.pools().synced());
    recovery.runOnce();

    await().untilAsserted(() -> assertThat(world.operator.job(ns, WorkflowJob.nameFor(jobId)))
        .satisfies(job -> assertThat(job.getSpec().getState()).isEqualTo("queued")));
    await().untilAsserted(() -> assertThat(world.operator.runners(ns, "gpu")).singleElement()
        .satisfies(r -> assertThat(r.getStatus().getPhase()).isEqualTo("Idle")));
    Runner runner = world.operator.runners(ns, "gpu").get(0);
    assertThat(world.github.findRunner(runner.getMetadata().getName()))
        .hasValueSatisfying(r -> assertThat(r.online()).isTrue());
    assertThat(world.github.deliveries()).hasSize(4).last()
        .satisfies(d -> assertThat(d.redelivery()).isTrue())
        .satisfies(d -> assertThat(d.succeeded()).isTrue());
    assertThat(world.operator.counter("ec2runner.webhook.redeliveries", "outcome", "requested")).isEqualTo(3);

    // Delivered now: later scans leave it alone.
    recovery.runOnce();
    assertThat(world.operator.counter("ec2runner.webhook.redeliveries", "outcome", "requested")).isEqualTo(3);
    assertThat(world.github.calls().count("POST /app/hook/deliveries/{delivery_id}/attempts")).isEqualTo(3);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
