package dev.ec2runner.operator.github.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ec2runner.operator.github.GitHubException;
import dev.ec2runner.operator.github.WebhookDelivery;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the App's webhook delivery log ({@code GET /app/hook/deliveries}, newest first, cursor pagination) back to
 * a given instant.
 */
final class DeliveryLog {

  private static final String ENDPOINT = "GET /app/hook/deliveries";
  private static final int MAX_PAGES = 100;

  private final GitHubApi api;

  DeliveryLog(GitHubApi api) {
    this.api = api;
  }

  List<WebhookDelivery> since(Instant since) throws GitHubException {
    // GitHub reports delivered_at in whole seconds: an attempt in the same second as `since` belongs to the window.
    Instant cutoff = since.truncatedTo(ChronoUnit.SECONDS);
    List<WebhookDelivery> attempts = new ArrayList<>();
    URI uri = api.uri("/app/hook/deliveries?per_page=100");
    for (int page = 0; uri != null && page < MAX_PAGES; page++) {
      ApiResponse response = api.expectSuccess("GET", uri, api.asApp("GET", ENDPOINT, uri, null));
      boolean olderReached = false;
      for (JsonNode item : GitHubApi.parse(response, ENDPOINT)) {
        WebhookDelivery delivery = delivery(item);
        if (delivery.deliveredAt().isBefore(cutoff)) {
          olderReached = true;
        } else {
          attempts.add(delivery);
        }
      }
      uri = olderReached ? null : api.nextPage(response).orElse(null);
    }
    return attempts;
  }

  private static WebhookDelivery delivery(JsonNode item) {
    return new WebhookDelivery(item.path("id").asLong(), item.path("guid").asText(), item.path("event").asText(),
        item.path("action").isNull() ? null : item.path("action").asText(),
        Instant.parse(item.path("delivered_at").asText()), item.path("status_code").asInt(),
        item.path("redelivery").asBoolean(), item.path("installation_id").asLong(0));
  }
}
