package dev.ec2runner.operator.github.fake;

/**
 * One webhook event of the fake GitHub, to deliver through its {@link WebhookOutlet}.
 *
 * @param guid the event's id ({@code X-GitHub-Delivery}), reused by its redeliveries
 * @param orderKey events with the same key (a job's) are delivered one after the other, in the order they were sent
 */
public record WebhookEvent(String event, String action, String guid, long appId, long installationId,
    Long repositoryId, byte[] payload, boolean redelivery, String orderKey) {
}
