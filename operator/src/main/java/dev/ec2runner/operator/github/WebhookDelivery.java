package dev.ec2runner.operator.github;

import java.time.Instant;

/**
 * One attempt to deliver a webhook event, as the App's delivery log shows it.
 *
 * @param guid the event's id, shared by all attempts (the {@code X-GitHub-Delivery} header)
 * @param statusCode the receiver's HTTP status; GitHub records connection failures as 5xx
 * @param installationId the App installation the event belongs to, or 0 when none
 */
public record WebhookDelivery(long id, String guid, String event, String action, Instant deliveredAt,
    int statusCode, boolean redelivery, long installationId) {

  /** Whether the receiver accepted this attempt (GitHub counts 2xx and 3xx as success). */
  public boolean succeeded() {
    return statusCode >= 200 && statusCode < 400;
  }
}
