package dev.ec2runner.operator.github.app;

import dev.ec2runner.operator.github.WebhookDelivery;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Picks, from a window of webhook delivery attempts, the events that never reached the receiver. */
public final class DeliveryScan {

  private DeliveryScan() {
  }

  /** For each GUID none of whose attempts succeeded, its latest attempt; oldest first. */
  public static List<WebhookDelivery> neverDelivered(Collection<WebhookDelivery> attempts) {
    Map<String, List<WebhookDelivery>> byEvent = new LinkedHashMap<>();
    for (WebhookDelivery attempt : attempts) {
      byEvent.computeIfAbsent(attempt.guid(), guid -> new java.util.ArrayList<>()).add(attempt);
    }
    return byEvent.values().stream()
        .filter(eventAttempts -> eventAttempts.stream().noneMatch(WebhookDelivery::succeeded))
        .map(DeliveryScan::latest)
        .flatMap(Optional::stream)
        .sorted(Comparator.comparing(WebhookDelivery::deliveredAt).thenComparing(WebhookDelivery::id))
        .toList();
  }

  private static Optional<WebhookDelivery> latest(List<WebhookDelivery> eventAttempts) {
    return eventAttempts.stream()
        .max(Comparator.comparing(WebhookDelivery::deliveredAt).thenComparing(WebhookDelivery::id));
  }
}
