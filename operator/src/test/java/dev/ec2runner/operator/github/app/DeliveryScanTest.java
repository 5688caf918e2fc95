package dev.ec2runner.operator.github.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.github.WebhookDelivery;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryScanTest {

  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void listsOnlyEventsThatNeverSucceededWithTheirLatestAttempt() {
    var failedThenRedeliveredOk = List.of(attempt(1, "a", 0, 502, false), attempt(4, "a", 30, 202, true));
    var failedTwice = List.of(attempt(2, "b", 10, 503, false), attempt(5, "b", 40, 502, true));
    var okAtOnce = List.of(attempt(3, "c", 20, 202, false));
    var failedOnce = List.of(attempt(6, "d", 5, 401, false));

    var failed = DeliveryScan.neverDelivered(concat(failedThenRedeliveredOk, failedTwice, okAtOnce, failedOnce));

    assertThat(failed).extracting(WebhookDelivery::id).containsExactly(6L, 5L);
  }

  @Test
  void redirectsCountAsDelivered() {
    assertThat(DeliveryScan.neverDelivered(List.of(attempt(1, "a", 0, 302, false)))).isEmpty();
  }

  private static WebhookDelivery attempt(long id, String guid, int seconds, int status, boolean redelivery) {
    return new WebhookDelivery(id, guid, "workflow_job", "queued", T.plusSeconds(seconds), status, redelivery, 7);
  }

  @SafeVarargs
  private static List<WebhookDelivery> concat(List<WebhookDelivery>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }
}
