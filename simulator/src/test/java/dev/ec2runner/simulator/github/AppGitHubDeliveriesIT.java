package dev.ec2runner.simulator.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.operator.github.WebhookDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Lost-webhook recovery: finding deliveries that never arrived and asking GitHub to send them again. */
class AppGitHubDeliveriesIT {

  @RegisterExtension
  final GitHubFixture fixture = GitHubFixture.served();
  @RegisterExtension
  final TinyReceiver receiver = new TinyReceiver();

  @Test
  void deliveriesThatFailedAreFoundAndRedelivered() throws Exception {
    Instant since = fixture.clock.instant();
    fixture.sendWebhooksTo(TinyReceiver.refusingUrl());
    long first = fixture.github.queueJob("acme/app", List.of("linux"));
    long second = fixture.github.queueJob("acme/app", List.of("gpu"));
    await().until(() -> fixture.github.deliveries().size() == 2);

    List<WebhookDelivery> failed = fixture.adapter.failedDeliveries(since);

    assertThat(failed).hasSize(2).allSatisfy(d -> {
      assertThat(d.event()).isEqualTo("workflow_job");
      assertThat(d.action()).isEqualTo("queued");
      assertThat(d.succeeded()).isFalse();
      assertThat(d.installationId()).isEqualTo(ServedGitHub.INSTALLATION_ID);
    });

    fixture.sendWebhooksTo(receiver.url());
    for (WebhookDelivery delivery : failed) {
      fixture.adapter.redeliver(delivery.id());
    }
    await().until(() -> receiver.received.size() == 2);

    assertThat(receiver.received).extracting(r -> r.header("X-GitHub-Delivery"))
        .containsExactlyInAnyOrderElementsOf(failed.stream().map(WebhookDelivery::guid).toList());
    assertThat(receiver.received).extracting(r -> new String(r.body()))
        .anySatisfy(body -> assertThat(body).contains("\"id\":" + first))
        .anySatisfy(body -> assertThat(body).contains("\"id\":" + second));
    assertThat(fixture.adapter.failedDeliveries(since)).isEmpty();
  }

  @Test
  void theWholeWindowIsReadAcrossCursorPages() throws Exception {
    Instant since = fixture.clock.instant();
    fixture.sendWebhooksTo(TinyReceiver.refusingUrl());
    IntStream.range(0, 130).forEach(i -> fixture.github.queueJob("acme/app", List.of("linux")));
    await().atMost(Duration.ofSeconds(60)).until(() -> fixture.github.deliveries().size() == 130);

    assertThat(fixture.adapter.failedDeliveries(since)).hasSize(130);
    assertThat(fixture.github.calls().count("GET /app/hook/deliveries")).isEqualTo(2);
  }
}
