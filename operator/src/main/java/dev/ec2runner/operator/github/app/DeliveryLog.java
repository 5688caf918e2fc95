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
  /**
   * Tries per page. The log is read whole or not at all, and an hour of it is dozens of pages: without asking again,
   * one transient server error among them would lose the whole scan, and the jobs whose webhooks it would recover.
   */
  static final int PAGE_ATTEMPTS = 3;

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
      ApiResponse response = page(uri);
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

  /** One page, asked for again after a server error (a GET changes nothing); never after a rate limit. */
  private ApiResponse page(URI uri) throws GitHubException {
    for (int attempt = 1; ; attempt++) {
      try {
        return api.expectSuccess("GET", uri, api.asApp("GET", ENDPOINT, uri, null));
      } catch (GitHubException e) {
        if (attempt == PAGE_ATTEMPTS || e instanceof GitHubException.Throttled || e.status() < 500) {
          throw e;
        }
      }
    }
  }

  private static WebhookDelivery delivery(JsonNode item) {
    return new WebhookDelivery(item.path("id").asLong(), item.path("guid").asText(), item.path("event").asText(),
        item.path("action").isNull() ? null : item.path("action").asText(),
        Instant.parse(item.path("delivered_at").asText()), item.path("status_code").asInt(),
        item.path("redelivery").asBoolean(), item.path("installation_id").asLong(0));
  }
}
