package dev.ec2runner.receiver;

/**
 * One webhook request as received: the GitHub headers and the raw body (the signature covers the raw bytes).
 *
 * @param event X-GitHub-Event
 * @param deliveryId X-GitHub-Delivery
 * @param signature X-Hub-Signature-256
 */
public record Delivery(String event, String deliveryId, String signature, String contentType, byte[] body) {
}
