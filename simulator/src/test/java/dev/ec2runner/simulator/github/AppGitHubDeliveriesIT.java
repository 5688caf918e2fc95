package dev.ec2runner.simulator.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.WebhookDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Lost-webhook recovery: finding deliveries that never arrived and asking GitHub to send them again. */
class AppGitHubDeliveriesIT {

  private static final String DELIVERIES = "GET /app/hook/deliveries";

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
    Instant since = twoPagesOfFailedDeliveries();

    assertThat(fixture.adapter.failedDeliveries(since)).hasSize(130);
    assertThat(fixture.github.calls().count(DELIVERIES)).isEqualTo(2);
  }

  @Test
  void aPageThatMetAServerErrorIsAskedForAgainButNotAfterARateLimit() throws Exception {
    Instant since = twoPagesOfFailedDeliveries();

    // The first page fails twice, then the second once: the whole log is still read.
    fixture.github.failNext(DELIVERIES, 502);
    fixture.github.failNext(DELIVERIES, 503);
    List<WebhookDelivery> firstRead = fixture.adapter.failedDeliveries(since);
    fixture.github.failNext(DELIVERIES, 502);
    List<WebhookDelivery> secondRead = fixture.adapter.failedDeliveries(since);

    assertThat(firstRead).hasSize(130);
    assertThat(secondRead).hasSize(130);
    assertThat(fixture.github.calls().count(DELIVERIES)).isEqualTo(4 + 3);
    // A page failing on every try fails the read; a rate limit is not asked again at once.
    IntStream.range(0, 3).forEach(i -> fixture.github.failNext(DELIVERIES, 502));
    assertThatThrownBy(() -> fixture.adapter.failedDeliveries(since)).isInstanceOf(GitHubException.class)
        .satisfies(e -> assertThat(((GitHubException) e).status()).isEqualTo(502));
    fixture.github.throttleNext(Duration.ofSeconds(10));
    assertThatThrownBy(() -> fixture.adapter.failedDeliveries(since))
        .isInstanceOf(GitHubException.Throttled.class);
    assertThat(fixture.github.calls().count(DELIVERIES)).isEqualTo(4 + 3 + 3 + 1);
  }

  /** 130 deliveries the receiver refused (two pages of the log at 100 a page); returns when the first was made. */
  private Instant twoPagesOfFailedDeliveries() throws Exception {
    Instant since = fixture.clock.instant();
    fixture.sendWebhooksTo(TinyReceiver.refusingUrl());
    IntStream.range(0, 130).forEach(i -> fixture.github.queueJob("acme/app", List.of("linux")));
    await().atMost(Duration.ofSeconds(60)).until(() -> fixture.github.deliveries().size() == 130);
    return since;
  }
}
