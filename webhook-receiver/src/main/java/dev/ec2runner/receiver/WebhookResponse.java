package dev.ec2runner.receiver;

/**
 * The receiver's answer to a delivery.
 *
 * @param event the delivery's event, for metrics (may be null)
 * @param action the payload's action when it was read, for metrics (may be null)
 * @param message a short reason, safe to show the sender
 * @param workflowJob namespace/name of the WorkflowJob written, when one was
 */
public record WebhookResponse(Outcome outcome, String event, String action, String message, String workflowJob) {

  public static WebhookResponse of(Outcome outcome, String event, String message) {
    return new WebhookResponse(outcome, event, null, message, null);
  }
}
