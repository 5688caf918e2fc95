package dev.ec2runner.operator.github.fake;

import java.time.Instant;

/**
 * One attempt to deliver a webhook, as GitHub's delivery log records it.
 *
 * @param guid the event's id ({@code X-GitHub-Delivery}), shared by its redeliveries
 * @param status GitHub's description: {@code OK}, {@code Invalid HTTP Response: 503}, {@code failed to connect}
 * @param statusCode the receiver's status; a connection failure is recorded as 502, a timeout as 504
 */
public record SimulatedDelivery(long id, String guid, long appId, Instant deliveredAt, boolean redelivery,
    double duration, String status, int statusCode, String event, String action, long installationId,
    Long repositoryId, byte[] payload) {

  public boolean succeeded() {
    return statusCode >= 200 && statusCode < 400;
  }
}
